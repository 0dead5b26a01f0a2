"""Speech: hashing and manifest, gTTS with its HTTP faked, real espeak-ng, recordings, the CLI."""
from __future__ import annotations

import base64
import json
import os
import shutil
import urllib.parse
from pathlib import Path

import pytest
import requests

from survey.cli.speech import speech
from survey.config import BUNDLED_QUESTIONNAIRES
from survey.domain.client_words import all_phrases
from survey.domain.instruments import load_catalogue, load_file
from survey.migrations import upgrade
from survey.speech import (
    Audio,
    GttsEngine,
    SynthesisError,
    build_audio,
    collect_texts,
    lookup,
    make_engines,
    read_manifest,
    recorded_name,
    text_key,
)
from survey.speech.store import audio_stem

TRANSLATE_URL = "https://translate.google.com/_/TranslateWebserverUi/data/batchexecute"
FAKE_MP3 = b"ID3\x04\x00\x00\x00\x00\x00\x00"

# Off CI a missing espeak-ng skips these; on CI (where scripts/test installs it) they run and fail.
needs_espeak = pytest.mark.skipif(
    shutil.which("espeak-ng") is None and not os.environ.get("CI"),
    reason="espeak-ng is not installed (apt-get install espeak-ng)",
)

TINY_YAML = """\
id: tiny
version: 1
kind: survey
languages: [sv, en]
title: {sv: "Hur är det?", en: "How are you?"}
intro: {sv: "Svara som du tycker.", en: "Answer what you think."}
scales:
  yes-no:
    options:
      - key: "yes"
        label: {sv: "Ja", en: "Yes"}
        pictogram: answer-yes
        positive: true
      - key: "no"
        label: {sv: "Nej", en: "No"}
        pictogram: answer-no
items:
  - key: home
    text: {sv: "Trivs du hemma?", en: "Do you like your home?"}
    pictogram: home
    answer: {type: choice, scale: yes-no}
  - key: mood
    text: {sv: "Hur mår du?", en: "How do you feel?"}
    pictogram: wellbeing
    answer: {type: vas, low: {sv: "Dåligt", en: "Bad"}, high: {sv: "Bra", en: "Good"}}
"""
TINY_TEXT_COUNT = 16  # title, intro, 2 items, 2 options, 2 line ends; 2 languages each


def tiny_questionnaire(folder: Path, yaml_text: str = TINY_YAML):
    path = folder / "tiny.v1.yaml"
    path.write_text(yaml_text, encoding="utf-8")
    questionnaire, problems = load_file(path)
    assert not problems
    return questionnaire


def is_audio(path: Path) -> bool:
    data = path.read_bytes()
    wav = data[:4] == b"RIFF" and data[8:12] == b"WAVE" and len(data) > 44
    mp3 = data[:3] == b"ID3" or (len(data) > 1 and data[0] == 0xFF and data[1] & 0xE0 == 0xE0)
    return wav or mp3


class FakeEngine:
    """An engine that remembers what it spoke; texts in ``failing`` fail."""

    name = "fake"

    def __init__(self, failing=()):
        self.spoken: list[tuple[str, str]] = []
        self.failing = set(failing)

    def voice_for(self, language):
        return language

    def synthesise(self, text, voice):
        if text in self.failing:
            raise SynthesisError("fake failure")
        self.spoken.append((voice, text))
        return Audio(b"RIFF" + text.encode(), ".wav")


# --- Names, keys and texts -------------------------------------------------------------------

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


def test_collect_texts_covers_every_field_once(tmp_path):
    questionnaire = tiny_questionnaire(tmp_path)
    texts = collect_texts([questionnaire, questionnaire], [("sv", "Nästa"), ("sv", " Ja ")])
    assert len(texts) == TINY_TEXT_COUNT + 1
    for expected in [("sv", "Hur är det?"), ("en", "Answer what you think."), ("sv", "Ja"),
                     ("en", "Do you like your home?"), ("sv", "Dåligt"), ("en", "Good"),
                     ("sv", "Nästa")]:
        assert expected in texts


def test_lookup_without_manifest_is_none(tmp_path):
    assert lookup(tmp_path, "sv", "Ja") is None


# --- gTTS, its HTTP faked --------------------------------------------------------------------

@pytest.fixture
def google(monkeypatch):
    """Fake Google Translate under gTTS: ``google.sent`` lists (url, lang, text) per request,
    ``google.status`` decides the HTTP status per text, ``google.offline`` refuses to connect."""

    class Google:
        def __init__(self):
            self.sent: list[tuple[str, str, str]] = []
            self.offline = False
            self.status = lambda text: 200

    google = Google()

    def send(session, request, **kwargs):
        form = urllib.parse.unquote(request.body.removeprefix("f.req=").removesuffix("&"))
        text, lang, _speed, _ = json.loads(json.loads(form)[0][0][1])
        google.sent.append((request.url, lang, text))
        if google.offline:
            raise requests.ConnectionError("no route to host")
        response = requests.Response()
        response.status_code = google.status(text)
        response.reason = "Too Many Requests" if response.status_code == 429 else "OK"
        response.url, response.request = request.url, request
        audio = base64.b64encode(FAKE_MP3 + text.encode()).decode()
        rpc = [["wrb.fr", "jQ1olc", json.dumps([audio]), None, None, None, "generic"]]
        payload = json.dumps(rpc, separators=(",", ":"))  # compact, as Google sends it
        response._content = f")]}}'\n\n{payload}\n".encode()
        response._content_consumed = True
        return response

    monkeypatch.setattr(requests.Session, "send", send)
    return google


def test_gtts_asks_the_translate_endpoint_and_stores_mp3(tmp_path, google):
    sleeps: list[float] = []
    engine = GttsEngine(delay=1.5, sleep=sleeps.append)
    report = build_audio([], tmp_path, [engine], extra_texts=[("sv", "Hej"), ("no", "Hei")])
    assert report.failures == []
    assert google.sent == [(TRANSLATE_URL, "sv", "Hej"), (TRANSLATE_URL, "no", "Hei")]
    assert sleeps == [1.5]  # throttled between requests, not before the first
    name = lookup(tmp_path, "sv", "Hej")
    assert name.endswith(".mp3")
    assert (tmp_path / name).read_bytes() == FAKE_MP3 + b"Hej"


def test_gtts_splits_long_text_and_joins_the_audio(tmp_path, google):
    text = " ".join(["Det här är en lång mening om hur du har det hemma."] * 5)
    build_audio([], tmp_path, [GttsEngine(sleep=lambda s: None)], extra_texts=[("sv", text)])
    parts = [sent_text for _url, _lang, sent_text in google.sent]
    assert len(parts) >= 3 and all(len(part) <= 100 for part in parts)
    audio = (tmp_path / lookup(tmp_path, "sv", text)).read_bytes()
    assert audio == b"".join(FAKE_MP3 + part.encode() for part in parts)


def test_gtts_429_backs_off_then_fails_that_text_only(tmp_path, google):
    google.status = lambda text: 429 if text == "Upptagen" else 200
    sleeps: list[float] = []
    engine = GttsEngine(delay=1.0, retries=2, backoff=5.0, sleep=sleeps.append)
    texts = [("sv", "Först"), ("sv", "Upptagen"), ("sv", "Sist")]
    report = build_audio([], tmp_path, [engine], extra_texts=texts)
    assert [(f.text, "429" in f.reason) for f in report.failures] == [("Upptagen", True)]
    assert [text for _lang, text, _engine in report.synthesised] == ["Först", "Sist"]
    assert [text for _url, _lang, text in google.sent] == ["Först"] + ["Upptagen"] * 3 + ["Sist"]
    assert sleeps == [1.0, 5.0, 10.0, 1.0]
    assert lookup(tmp_path, "sv", "Upptagen") is None
    assert lookup(tmp_path, "sv", "Sist") is not None


def test_gtts_offline_fails_every_text_after_one_try(tmp_path, google):
    google.offline = True
    texts = [("sv", "Ja"), ("sv", "Nej"), ("en", "Yes")]
    report = build_audio([], tmp_path, [GttsEngine(sleep=lambda s: None)], extra_texts=texts)
    assert len(google.sent) == 1
    assert len(report.failures) == 3
    assert "gtts left out" in report.notes[0]


@needs_espeak
def test_auto_falls_back_to_espeak_when_google_is_unreachable(tmp_path, google):
    google.offline = True
    engines = make_engines("auto", sleep=lambda s: None)
    report = build_audio([], tmp_path, engines, extra_texts=[("sv", "Ja"), ("en", "Yes")])
    assert len(google.sent) == 1
    assert report.failures == []
    assert {engine for _lang, _text, engine in report.synthesised} == {"espeak"}


# --- Real espeak-ng --------------------------------------------------------------------------

@needs_espeak
def test_espeak_builds_once_and_again_only_what_changed(tmp_path):
    audio_dir = tmp_path / "audio"
    questionnaire = tiny_questionnaire(tmp_path)
    report = build_audio([questionnaire], audio_dir, make_engines("espeak"))
    assert report.failures == []
    assert len(report.synthesised) == TINY_TEXT_COUNT
    for language, text in collect_texts([questionnaire]):
        assert is_audio(audio_dir / lookup(audio_dir, language, text))

    again = build_audio([questionnaire], audio_dir, make_engines("espeak"))
    assert again.synthesised == [] and again.reused == TINY_TEXT_COUNT

    changed = tiny_questionnaire(tmp_path, TINY_YAML.replace("Trivs du hemma?", "Trivs du där du bor?"))
    report = build_audio([changed], audio_dir, make_engines("espeak"))
    assert report.synthesised == [("sv", "Trivs du där du bor?", "espeak")]
    assert lookup(audio_dir, "sv", "Trivs du där du bor?") is not None
    assert lookup(audio_dir, "sv", "Trivs du hemma?") is None  # gone from the manifest


# --- Recordings and failures -----------------------------------------------------------------

def test_recording_wins_and_nothing_is_synthesised_for_it(tmp_path):
    recorded_dir, audio_dir = tmp_path / "recorded", tmp_path / "audio"
    recording = recorded_dir / recorded_name("sv", "Hur är det?", ".m4a")
    recording.parent.mkdir(parents=True)
    recording.write_bytes(b"a human voice")
    engine = FakeEngine()
    report = build_audio([tiny_questionnaire(tmp_path)], audio_dir, [engine],
                         recorded_dir=recorded_dir)
    assert report.recorded == 1 and len(engine.spoken) == TINY_TEXT_COUNT - 1
    assert ("sv", "Hur är det?") not in engine.spoken
    name = lookup(audio_dir, "sv", "Hur är det?")
    assert name.endswith(".m4a") and (audio_dir / name).read_bytes() == b"a human voice"
    assert read_manifest(audio_dir)[text_key("sv", "Hur är det?")]["source"] == "recorded"

    recording.write_bytes(b"a better take")  # a new recording gets a new file name
    build_audio([], audio_dir, [engine], recorded_dir=recorded_dir,
                extra_texts=[("sv", "Hur är det?")])
    assert (audio_dir / lookup(audio_dir, "sv", "Hur är det?")).read_bytes() == b"a better take"


def test_failed_text_keeps_its_earlier_audio_and_the_rest_goes_on(tmp_path):
    build_audio([], tmp_path, [FakeEngine()], extra_texts=[("sv", "Ja")])
    earlier = lookup(tmp_path, "sv", "Ja")

    class Better(FakeEngine):
        name = "better"

    report = build_audio([], tmp_path, [Better(failing={"Ja"})],
                         extra_texts=[("sv", "Ja"), ("sv", "Nej")])
    assert [str(f) for f in report.failures] == ["[sv] Ja: fake failure"]
    assert report.synthesised == [("sv", "Nej", "better")]
    assert lookup(tmp_path, "sv", "Ja") == earlier


def test_unknown_engine_choice_is_refused():
    with pytest.raises(ValueError):
        make_engines("festival")


# --- The command -----------------------------------------------------------------------------

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


@needs_espeak
def test_cli_build_gives_every_text_audio_and_a_second_run_does_nothing(runner, folders):
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
    (recorded_dir / name).write_bytes(FAKE_MP3)
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
