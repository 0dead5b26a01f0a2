"""``survey speech build``: audio for every text of the bundled questionnaires and the client
pages, recording names, failures."""
from __future__ import annotations

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


def test_cli_build_gives_every_text_audio_and_a_second_run_does_nothing(
        espeak, runner, folders, is_audio):
    audio_dir, _ = folders
    result = runner.invoke(speech, ["build", "--engine", "espeak"])
    assert result.exit_code == 0, result.output
    catalogue = load_catalogue(BUNDLED_QUESTIONNAIRES)
    texts = collect_texts(catalogue.all(), all_phrases())
    assert f"{len(texts)} texts: {len(texts)} synthesised" in result.output
    for language, text in texts:
        name = lookup(audio_dir, language, text)
        assert name is not None, (language, text)
        assert is_audio(audio_dir / name)
    for questionnaire in catalogue.latest():
        for language, title in questionnaire.title.items():
            assert lookup(audio_dir, language, title) is not None

    files = {path.name: path.stat().st_mtime_ns for path in audio_dir.iterdir()}
    result = runner.invoke(speech, ["build", "--engine", "espeak"])
    assert result.exit_code == 0, result.output
    assert f"{len(texts)} texts: 0 synthesised, {len(texts)} unchanged" in result.output
    assert {n: t for n, t in files.items() if n != "index.json"} == {
        path.name: path.stat().st_mtime_ns for path in audio_dir.iterdir() if path.name != "index.json"
    }


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
