"""The bundled questionnaires in every client language, for the tests of the client pages.

A bundled file that does not have a client language yet gets, for that language, its English
text marked with the language's code ("[fi] How have things been?"): a stand-in that lets the
page tests ask for every language whatever the state of the translations.
``tests/domain/instruments/test_loader.py`` is what asks every bundled file for real
translations in every client language.
"""
from __future__ import annotations

from pathlib import Path

import yaml

from survey.config import BUNDLED_QUESTIONNAIRES
from survey.domain.client_words import LANGUAGES


def _fill(node, languages: set[str]):
    """Every text (a mapping of language → text) of ``node`` in every client language."""
    if isinstance(node, dict):
        if "en" in node and set(node) <= languages:
            return {**node, **{language: f"[{language}] {node['en']}"
                               for language in LANGUAGES if language not in node}}
        return {key: _fill(value, languages) for key, value in node.items()}
    if isinstance(node, list):
        return [_fill(value, languages) for value in node]
    return node


def questionnaires_in_every_language(folder: Path) -> Path:
    """A copy of the bundled questionnaire files in ``folder``, each in every client language."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in BUNDLED_QUESTIONNAIRES.glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        filled = _fill(data, set(data["languages"]))
        filled["languages"] = [*data["languages"],
                               *(language for language in LANGUAGES if language not in data["languages"])]
        (folder / path.name).write_text(yaml.safe_dump(filled, allow_unicode=True, sort_keys=False),
                                        encoding="utf-8")
    return folder
