"""The audio folder: names by hash of engine, language, voice and text; the manifest."""
from __future__ import annotations

from survey.speech import lookup, recorded_name, text_key
from survey.speech.store import audio_stem


def test_text_key_ignores_spacing_but_not_language():
    assert text_key("sv", "  Hur  mår\ndu? ") == text_key("sv", "Hur mår du?")
    assert text_key("sv", "Hur mår du?") == text_key("sv", "Hur ma\u030ar du?")  # NFC
    assert text_key("sv", "Ja") != text_key("da", "Ja")
    assert len(text_key("sv", "Ja")) == 32


def test_audio_names_depend_on_engine_voice_and_text():
    names = {audio_stem("gtts", "sv", "sv", "Ja"), audio_stem("espeak", "sv", "sv", "Ja"),
             audio_stem("espeak", "sv", "sv-x", "Ja"), audio_stem("espeak", "sv", "sv", "Nej")}
    assert len(names) == 4
    assert audio_stem("gtts", "sv", "sv", " Ja ") == audio_stem("gtts", "sv", "sv", "Ja")


def test_recorded_name_is_language_folder_and_text_key():
    assert recorded_name("sv", "Ja") == f"sv/{text_key('sv', 'Ja')}.mp3"
    assert recorded_name("ar", "نعم", ".wav").startswith("ar/")


def test_lookup_without_manifest_is_none(tmp_path):
    assert lookup(tmp_path, "sv", "Ja") is None
