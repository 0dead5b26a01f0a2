"""``survey speech build``: audio for every text of the bundled questionnaires and the client
pages, recording names, failures."""
from __future__ import annotations

from collections import Counter

import pytest

from survey.cli.speech import speech
from survey.config import BUNDLED_QUESTIONNAIRES
from survey.domain.client_words import all_phrases
from survey.domain.instruments import load_catalogue
from survey.migrations import upgrade
from survey.speech import collect_texts, lookup, recorded_name


@pytest.fixture(scope="module")
def database_url(tmp_path_factory):
    """Speech never touches the database, so the CLI tests run on one SQLite file only."""
    url = f"sqlite:///{tmp_path_factory.mktemp('speech-db') / 'survey.sqlite3'}"
    upgrade(url)
    return url


@pytest.fixture
def folders(app, tmp_path):
    app.config["AUDIO_DIR"] = str(tmp_path / "audio")
    app.config["RECORDED_AUDIO_DIR"] = str(tmp_path / "recorded")
    return tmp_path / "audio", tmp_path / "recorded"


VOICELESS = {"so", "ti"}  # Somali and Tigrinya: neither gTTS nor espeak-ng speaks them


def test_cli_build_gives_every_text_audio_and_a_second_run_does_nothing(
        espeak, runner, folders, is_audio):
    audio_dir, _ = folders
    result = runner.invoke(speech, ["build", "--engine", "espeak", "--no-slow"])
    assert result.exit_code == 0, result.output
    catalogue = load_catalogue(BUNDLED_QUESTIONNAIRES)
    texts = collect_texts(catalogue.all(), all_phrases())
    spoken = [(language, text) for language, text in texts if language not in VOICELESS]
    assert f"{len(texts)} texts: {len(spoken)} synthesised, 0 unchanged, 0 recorded, " \
           f"{len(texts) - len(spoken)} without a voice, 0 failed" in result.output
    for language, text in spoken:
        name = lookup(audio_dir, language, text)
        assert name is not None, (language, text)
        assert is_audio(audio_dir / name)
    for questionnaire in catalogue.latest():
        for language, title in questionnaire.title.items():
            assert (lookup(audio_dir, language, title) is None) == (language in VOICELESS)

    files = {path.name: path.stat().st_mtime_ns for path in audio_dir.iterdir()}
    result = runner.invoke(speech, ["build", "--engine", "espeak", "--no-slow"])
    assert result.exit_code == 0, result.output
    assert f"{len(texts)} texts: 0 synthesised, {len(spoken)} unchanged" in result.output
    assert {n: t for n, t in files.items() if n != "index.json"} == {
        path.name: path.stat().st_mtime_ns for path in audio_dir.iterdir() if path.name != "index.json"
    }


def test_cli_build_counts_per_language_what_is_audible_and_names_the_voiceless(
        espeak, runner, folders):
    audio_dir, _ = folders
    result = runner.invoke(speech, ["build", "--engine", "espeak", "--questionnaire", "ux-housing"])
    assert result.exit_code == 0, result.output
    housing = load_catalogue(BUNDLED_QUESTIONNAIRES).get("ux-housing")
    assert len(housing.languages) == 12
    per_language = Counter(language for language, _text in collect_texts([housing]))
    lines = result.output.splitlines()
    table = lines[lines.index("Audible texts per language:") + 1:][:len(housing.languages)]
    expected = []
    for language in housing.languages:
        count = per_language[language]
        if language in VOICELESS:
            expected.append(f"  {language}: 0 recorded, 0 gTTS, 0 espeak-ng, {count} none; "
                            f"0 with slow speech (no engine speaks {language!r}: the tablet plays "
                            "a recording where one is added, else the browser's voice)")
        else:
            expected.append(f"  {language}: 0 recorded, 0 gTTS, {count} espeak-ng, 0 none; "
                            f"{count} with slow speech")
    assert table == expected
    assert all(lookup(audio_dir, language, housing.title[language], slow=True)
               for language in housing.languages if language not in VOICELESS)
    assert lookup(audio_dir, "sv", "Nästa") is None  # the client pages' words are left out

    refused = runner.invoke(speech, ["build", "--questionnaire", "no-such-survey"])
    assert refused.exit_code == 2 and "no-such-survey" in refused.output


def test_cli_list_prints_recording_names(runner, folders):
    audio_dir, recorded_dir = folders
    name = recorded_name("sv", "Hur var det i dag?")
    (recorded_dir / name).parent.mkdir(parents=True)
    (recorded_dir / name).write_bytes(b"ID3\x04\x00\x00\x00\x00\x00\x00")
    result = runner.invoke(speech, ["build", "--list"])
    assert result.exit_code == 0, result.output
    assert f"* {name}  Hur var det i dag?" in result.output
    assert f"  {recorded_name('en', 'How was today?')}  How was today?" in result.output
    assert not audio_dir.exists()  # --list builds nothing


def test_cli_exits_1_and_names_failures_when_gtts_is_unreachable(runner, folders, google):
    google.offline = True
    result = runner.invoke(speech, ["build", "--engine", "gtts", "--delay", "0"])
    assert result.exit_code == 1
    assert "Failed:" in result.output and "gtts left out" in result.output
    assert len(google.sent) == 1
