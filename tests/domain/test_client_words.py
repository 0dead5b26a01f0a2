"""The client pages' words: every language has every key, keeps the placeholders and is read
from its own file."""
from __future__ import annotations

import pytest
import yaml

from survey.domain import client_words
from survey.domain.client_words import (
    LANGUAGE_NAMES,
    LANGUAGES,
    WORDS,
    age_group_words,
    all_phrases,
    direction,
    placeholders,
    words_for,
)

TWELVE = {"sv", "en", "ar", "fi", "nb", "da", "fa", "so", "ti", "pl", "tr", "uk"}


def test_twelve_languages_each_from_its_own_file():
    assert set(LANGUAGES) == TWELVE and LANGUAGES[0] == "sv"
    files = {path.stem for path in client_words.FOLDER.glob("*.yaml")}
    assert files == TWELVE
    for language in LANGUAGES:
        text = (client_words.FOLDER / f"{language}.yaml").read_text(encoding="utf-8")
        assert yaml.safe_load(text) == WORDS[language]


@pytest.mark.parametrize("language", sorted(TWELVE - {"sv"}))
def test_every_language_has_every_key_and_keeps_placeholders(language):
    swedish, words = WORDS["sv"], WORDS[language]
    assert list(words) == list(swedish)  # same keys, same order: files compare line by line
    for key, text in swedish.items():
        assert isinstance(words[key], str) and words[key].strip(), key
        assert placeholders(words[key]) == placeholders(text), key


def test_placeholders_are_found():
    assert placeholders("{group} år") == {"group"}
    assert placeholders("Tack!") == set()


def test_each_language_named_in_itself_and_written_its_way():
    assert LANGUAGE_NAMES["fi"] == "Suomi" and LANGUAGE_NAMES["fa"] == "فارسی"
    assert len(set(LANGUAGE_NAMES.values())) == len(LANGUAGES)
    assert {language for language in LANGUAGES if direction(language) == "rtl"} == {"ar", "fa"}


def test_age_groups_read_in_each_language():
    assert age_group_words("sv", "18-29") == "18-29 år"
    assert age_group_words("fi", "18-29") == "18-29 vuotta"
    assert age_group_words("fa", "65+") == "65+ سال"


def test_an_unknown_language_falls_back_to_swedish():
    assert words_for("xx") is WORDS["sv"]


def test_speech_gets_every_text_of_every_language_and_no_pattern():
    phrases = all_phrases()
    assert ("so", WORDS["so"]["give_back"]) in phrases
    assert ("uk", "18-29 років") in phrases
    assert not any("{" in text for _, text in phrases)
    assert {language for language, _ in phrases} == TWELVE
