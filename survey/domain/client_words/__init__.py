"""Every word of the client pages, in every client language (Swedish first).

The words are data: one YAML file per language beside this module (``sv.yaml``, ``fi.yaml`` …),
each a flat map from a key to a text. YAML rather than a gettext catalogue (``.po``): the keys
are codes the templates read (``words.give_back``), not English sentences to look up, there are
no plurals, and the people who translate them are the ones who translate the questionnaires,
which are YAML of the same plain form; one file per language is opened, compared key by key
with Swedish and reviewed like a questionnaire, without Flask-Babel (this is domain data: no
Flask). A text may hold ``{name}`` placeholders (``age_years``: "{group} år"); every language
keeps the Swedish text's placeholders (``tests/domain/test_client_words.py``).

The client languages are not the staff languages: a client's language is chosen at hand-over,
not by an account, and staff words go through the staff catalogue (``web/i18n.py``).
"""
from __future__ import annotations

import string
from pathlib import Path

from survey.domain.vocabulary import AGE_GROUPS
from survey.domain.vocabulary import CLIENT_LANGUAGES as LANGUAGES
from survey.domain.yaml_files import read_yaml

FOLDER = Path(__file__).parent
RIGHT_TO_LEFT = frozenset({"ar", "fa"})


def _read(language: str) -> dict[str, str]:
    return read_yaml(FOLDER / f"{language}.yaml")


WORDS: dict[str, dict[str, str]] = {language: _read(language) for language in LANGUAGES}
LANGUAGE_NAMES = {language: words["language_name"] for language, words in WORDS.items()}


def words_for(language: str) -> dict[str, str]:
    return WORDS.get(language, WORDS["sv"])


def direction(language: str) -> str:
    """How the language is written: "rtl" (Arabic, Persian) or "ltr"."""
    return "rtl" if language in RIGHT_TO_LEFT else "ltr"


def placeholders(text: str) -> set[str]:
    """The ``{name}`` fields of a text."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


# Why the server refused a response, as the API's ``code`` names it; each has a
# ``problem_<code>`` text.
PROBLEM_CODES = ("invalid", "conflict", "ticket", "malformed")


def age_group_words(language: str, group: str) -> str:
    """An age group as a client reads and hears it: "18-29 år"."""
    return words_for(language)["age_years"].format(group=group)


def all_phrases() -> list[tuple[str, str]]:
    """Every (language, text) of the client pages, for building speech ahead of time (the
    ``age_years`` pattern itself only as its age groups)."""
    return ([(language, text) for language, words in WORDS.items()
             for key, text in words.items() if not placeholders(text)]
            + [(language, age_group_words(language, group))
               for language in WORDS for group in AGE_GROUPS])
