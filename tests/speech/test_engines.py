"""Speech engines: gTTS with its HTTP faked (the ``google`` fixture), the fallback to espeak-ng."""
from __future__ import annotations

import pytest

from survey.speech import GttsEngine, build_audio, lookup, make_engines

TRANSLATE_URL = "https://translate.google.com/_/TranslateWebserverUi/data/batchexecute"


def test_gtts_asks_the_translate_endpoint_and_stores_mp3(tmp_path, google):
    sleeps: list[float] = []
    engine = GttsEngine(delay=1.5, sleep=sleeps.append)
    report = build_audio([], tmp_path, [engine], extra_texts=[("sv", "Hej"), ("no", "Hei")],
                         slow=False)
    assert report.failures == []
    assert google.sent == [(TRANSLATE_URL, "sv", "Hej"), (TRANSLATE_URL, "no", "Hei")]
    assert sleeps == [1.5]  # throttled between requests, not before the first
    name = lookup(tmp_path, "sv", "Hej")
    assert name.endswith(".mp3")
    assert (tmp_path / name).read_bytes() == google.mp3 + b"Hej"


def test_gtts_splits_long_text_and_joins_the_audio(tmp_path, google):
    text = " ".join(["Det här är en lång mening om hur du har det hemma."] * 5)
    build_audio([], tmp_path, [GttsEngine(sleep=lambda s: None)], extra_texts=[("sv", text)],
                slow=False)
    parts = [sent_text for _url, _lang, sent_text in google.sent]
    assert len(parts) >= 3 and all(len(part) <= 100 for part in parts)
    audio = (tmp_path / lookup(tmp_path, "sv", text)).read_bytes()
    assert audio == b"".join(google.mp3 + part.encode() for part in parts)


def test_gtts_429_backs_off_then_fails_that_text_only(tmp_path, google):
    google.status = lambda text: 429 if text == "Upptagen" else 200
    sleeps: list[float] = []
    engine = GttsEngine(delay=1.0, retries=2, backoff=5.0, sleep=sleeps.append)
    texts = [("sv", "Först"), ("sv", "Upptagen"), ("sv", "Sist")]
    report = build_audio([], tmp_path, [engine], extra_texts=texts, slow=False)
    assert [(f.text, "429" in f.reason) for f in report.failures] == [("Upptagen", True)]
    assert [text for _lang, text, _engine in report.synthesised] == ["Först", "Sist"]
    assert [text for _url, _lang, text in google.sent] == ["Först"] + ["Upptagen"] * 3 + ["Sist"]
    assert sleeps == [1.0, 5.0, 10.0, 1.0]
    assert lookup(tmp_path, "sv", "Upptagen") is None
    assert lookup(tmp_path, "sv", "Sist") is not None


def test_gtts_slow_mode_makes_a_file_of_its_own_and_a_second_build_asks_nothing(tmp_path, google):
    engine = GttsEngine(sleep=lambda s: None)
    report = build_audio([], tmp_path, [engine], extra_texts=[("sv", "Hej"), ("nb", "Hei")])
    assert report.failures == []
    assert [(lang, text) for _url, lang, text in google.sent] == [
        ("sv", "Hej"), ("sv", "Hej"), ("no", "Hei"), ("no", "Hei")]
    assert google.slow == [False, True, False, True]
    normal, slow = lookup(tmp_path, "sv", "Hej"), lookup(tmp_path, "sv", "Hej", slow=True)
    assert normal != slow
    assert (tmp_path / slow).read_bytes() == google.mp3 + b"slow Hej"
    assert [(c.language, c.sources["gtts"], c.slow) for c in report.languages] == [
        ("sv", 1, 1), ("nb", 1, 1)]

    again = build_audio([], tmp_path, [GttsEngine(sleep=lambda s: None)],
                        extra_texts=[("sv", "Hej"), ("nb", "Hei")])
    assert len(google.sent) == 4 and again.reused == 2
    assert lookup(tmp_path, "nb", "Hei", slow=True) is not None


def test_gtts_offline_fails_every_text_after_one_try(tmp_path, google):
    google.offline = True
    texts = [("sv", "Ja"), ("sv", "Nej"), ("en", "Yes")]
    report = build_audio([], tmp_path, [GttsEngine(sleep=lambda s: None)], extra_texts=texts)
    assert len(google.sent) == 1
    assert len(report.failures) == 3
    assert "gtts left out" in report.notes[0]


def test_auto_falls_back_to_espeak_when_google_is_unreachable(espeak, tmp_path, google):
    google.offline = True
    engines = make_engines("auto", sleep=lambda s: None)
    report = build_audio([], tmp_path, engines, extra_texts=[("sv", "Ja"), ("en", "Yes")])
    assert len(google.sent) == 1
    assert report.failures == []
    assert {engine for _lang, _text, engine in report.synthesised} == {"espeak"}


def test_unknown_engine_choice_is_refused():
    with pytest.raises(ValueError):
        make_engines("festival")
