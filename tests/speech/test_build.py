"""Building audio for every text: real espeak-ng, recordings first, failures reported without
stopping the build."""
from __future__ import annotations

from pathlib import Path

from survey.domain.instruments import load_file
from survey.speech import (
    Audio,
    SynthesisError,
    build_audio,
    collect_texts,
    lookup,
    make_engines,
    read_manifest,
    recorded_name,
    text_key,
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


class FakeEngine:
    """An engine that remembers what it spoke (slow speech apart); texts in ``failing`` fail."""

    name = "fake"

    def __init__(self, failing=()):
        self.spoken: list[tuple[str, str]] = []
        self.spoken_slowly: list[tuple[str, str]] = []
        self.failing = set(failing)

    def voice_for(self, language):
        return language

    def settings(self, slow):
        return {"slow": True} if slow else {}

    def synthesise(self, text, voice, slow=False):
        if text in self.failing:
            raise SynthesisError("fake failure")
        (self.spoken_slowly if slow else self.spoken).append((voice, text))
        return Audio(b"RIFF" + b"slow " * slow + text.encode(), ".wav")


def test_collect_texts_covers_every_field_once(tmp_path):
    questionnaire = tiny_questionnaire(tmp_path)
    texts = collect_texts([questionnaire, questionnaire], [("sv", "Nästa"), ("sv", " Ja ")])
    assert len(texts) == TINY_TEXT_COUNT + 1
    for expected in [("sv", "Hur är det?"), ("en", "Answer what you think."), ("sv", "Ja"),
                     ("en", "Do you like your home?"), ("sv", "Dåligt"), ("en", "Good"),
                     ("sv", "Nästa")]:
        assert expected in texts


def test_espeak_builds_once_and_again_only_what_changed(espeak, tmp_path, is_audio):
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
    assert lookup(audio_dir, "sv", "Hur är det?", slow=True) is None  # the tablet slows it down
    assert engine.spoken_slowly == engine.spoken

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
    assert [(count.language, count.sources) for count in report.languages] == [
        ("sv", {"recorded": 0, "gtts": 0, "espeak": 0, "none": 0, "fake": 1, "better": 1})]
    assert report.synthesised == [("sv", "Nej", "better")]
    assert lookup(tmp_path, "sv", "Ja") == earlier


def test_espeak_builds_slow_speech_as_files_of_their_own(espeak, tmp_path, is_audio):
    audio_dir = tmp_path / "audio"
    questionnaire = tiny_questionnaire(tmp_path)
    report = build_audio([questionnaire], audio_dir, make_engines("espeak"))
    assert report.failures == []
    for language, text in collect_texts([questionnaire]):
        normal, slow = lookup(audio_dir, language, text), lookup(audio_dir, language, text, slow=True)
        assert slow is not None and slow != normal and is_audio(audio_dir / slow)
        # the same words at 120 instead of 175 words a minute: clearly longer audio
        assert (audio_dir / slow).stat().st_size > 1.2 * (audio_dir / normal).stat().st_size
    files = sorted(path.name for path in audio_dir.iterdir())
    assert len(files) == 2 * TINY_TEXT_COUNT + 1  # and index.json

    again = build_audio([questionnaire], audio_dir, make_engines("espeak"))
    assert again.synthesised == [] and again.failures == []
    assert sorted(path.name for path in audio_dir.iterdir()) == files
    assert all(count.slow == TINY_TEXT_COUNT // 2 for count in again.languages)

    # Without slow speech: none is made, those already made are kept.
    report = build_audio([questionnaire], audio_dir, make_engines("espeak"), slow=False,
                         extra_texts=[("sv", "Ny text")])
    assert report.synthesised == [("sv", "Ny text", "espeak")]
    assert lookup(audio_dir, "sv", "Ja", slow=True) is not None
    assert lookup(audio_dir, "sv", "Ny text", slow=True) is None


def test_a_language_no_engine_speaks_is_counted_apart_and_not_a_failure(espeak, tmp_path):
    somali = TINY_YAML.replace("languages: [sv, en]", "languages: [sv, so]").replace(" en: ", " so: ")
    questionnaire = tiny_questionnaire(tmp_path, somali)
    report = build_audio([questionnaire], tmp_path / "audio", make_engines("espeak"))
    assert report.failures == [] and report.unspoken == TINY_TEXT_COUNT // 2
    sv, so = report.languages
    assert (sv.language, sv.sources, sv.slow, sv.voiceless) == (
        "sv", {"recorded": 0, "gtts": 0, "espeak": 8, "none": 0}, 8, False)
    assert (so.language, so.sources, so.slow, so.voiceless) == (
        "so", {"recorded": 0, "gtts": 0, "espeak": 0, "none": 8}, 0, True)
    assert str(so) == ("so: 0 recorded, 0 gTTS, 0 espeak-ng, 8 none; 0 with slow speech (no engine "
                       "speaks 'so': the tablet plays a recording where one is added, else the "
                       "browser's voice)")
    assert "8 without a voice, 0 failed" in report.summary()
    assert lookup(tmp_path / "audio", "so", "Yes") is None

    recording = tmp_path / "recorded" / recorded_name("so", "Yes")  # a Somali speaker's voice
    recording.parent.mkdir(parents=True)
    recording.write_bytes(b"ID3 haa")
    report = build_audio([questionnaire], tmp_path / "audio", make_engines("espeak"),
                         recorded_dir=tmp_path / "recorded")
    assert report.languages[1].sources == {"recorded": 1, "gtts": 0, "espeak": 0, "none": 7}
    assert report.languages[1].voiceless and report.unspoken == 7
    assert (tmp_path / "audio" / lookup(tmp_path / "audio", "so", "Yes")).read_bytes() == b"ID3 haa"
