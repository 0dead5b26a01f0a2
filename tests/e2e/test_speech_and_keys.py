"""Every text can be heard with one tap; the line works by keyboard as well as by touch."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from survey.config import BUNDLED_QUESTIONNAIRES
from survey.domain.instruments import load_catalogue
from survey.models import TreatmentSession
from survey.speech import build_audio, make_engines, read_manifest, text_key
from survey.speech.store import write_manifest

from .kiosk_driver import VISIBLE, finish, start, wait_for_screen, wait_until

CATALOGUE = load_catalogue(BUNDLED_QUESTIONNAIRES)
RECORD_SPEECH = """
window.spoken = [];
speechSynthesis.speak = utterance => window.spoken.push([utterance.lang, utterance.text]);
window.played = [];
const play = HTMLMediaElement.prototype.play;
HTMLMediaElement.prototype.play = function () {
  return play.call(this).then(() => window.played.push([this.src, this.duration]));
};
"""


# Every file played: which kind (``text`` or ``slow``) and at what rate.
RECORD_RATES = """
window.spoken = [];
speechSynthesis.speak = u => window.spoken.push([u.text, Math.round(u.rate * 100) / 100]);
window.played = [];
const play = HTMLMediaElement.prototype.play;
HTMLMediaElement.prototype.play = function () {
  window.played.push([new URL(this.src).pathname.split("/").slice(-2, -1)[0], this.playbackRate]);
  return play.call(this);
};
"""


def _needs_espeak() -> None:
    if shutil.which("espeak-ng") is None:
        if os.environ.get("CI"):
            pytest.fail("espeak-ng is not installed (scripts/test installs it)")
        pytest.skip("espeak-ng is not installed: run scripts/test to install it")


@pytest.fixture
def outcome_audio(live):
    _needs_espeak()
    report = build_audio([CATALOGUE.get("outcome-adult")], Path(live.app.config["AUDIO_DIR"]),
                         make_engines("espeak"))
    assert not report.failures
    yield report
    write_manifest(Path(live.app.config["AUDIO_DIR"]), {})  # later tests find no audio


@pytest.fixture
def slow_audio(live):
    """The audio folder as slow speech meets it: the outcome's first question built before slow
    speech existed (a normal file only), the second with a slow file of its own, the rest none."""
    _needs_espeak()
    audio_dir = Path(live.app.config["AUDIO_DIR"])
    first, second = (item.text["sv"] for item in CATALOGUE.get("outcome-adult").items[:2])
    build_audio([], audio_dir, make_engines("espeak"), extra_texts=[("sv", first), ("sv", second)])
    entries = read_manifest(audio_dir)
    del entries[text_key("sv", first)]["slow"]
    write_manifest(audio_dir, entries)
    yield
    write_manifest(audio_dir, {})


def test_a_tap_plays_the_built_audio_and_auto_read_follows_each_screen(page, live, new_session_ticket, outcome_audio):
    outcome = CATALOGUE.get("outcome-adult")
    first, second = outcome.items[:2]
    token, _ = new_session_ticket("E2E-ADULT", "outcome-adult")
    page.add_init_script(RECORD_SPEECH)
    start(page, live, token)
    page.locator(f"{VISIBLE} .ask .say").tap()
    wait_until(page, "window.played.length === 1")
    [[source, seconds]] = page.evaluate("window.played")
    assert source.endswith(text_key("sv", first.text["sv"])) and seconds > 0.5
    page.locator("#auto-read").tap()
    page.locator(f"{VISIBLE} .line").tap()
    page.locator("[data-step='1']").tap()  # a new screen reads its question by itself
    wait_until(page, "window.played.length === 2")
    assert page.evaluate("window.played[1][0]").endswith(text_key("sv", second.text["sv"]))
    assert page.evaluate("window.spoken") == []


@pytest.mark.parametrize("language", ["ar", "so"])  # Somali: no engine builds it, ever
def test_without_a_built_file_the_browser_voice_reads_in_the_page_language(
        page, live, round_ticket, language):
    page.add_init_script(RECORD_SPEECH)
    housing = CATALOGUE.get("ux-housing")
    token, _ = round_ticket("ux-housing", language)
    start(page, live, token)
    option = housing.scale_of(housing.items[0]).options[0]
    page.locator("body[data-speech-ready]").wait_for(state="attached")
    page.locator(f"{VISIBLE} .choice .say").first.tap()
    wait_until(page, "window.spoken.length > 0")
    assert page.evaluate("window.spoken") == [[language, option.label[language]]]
    assert page.evaluate("window.played") == []  # known to have no file: no file tried


def test_every_text_on_a_screen_has_a_speaker(page, live, round_ticket):
    token, _ = round_ticket("ux-housing")
    start(page, live, token)
    screen = page.locator(VISIBLE)
    texts = screen.locator("h1, .choice label span")
    assert texts.count() == 1 + len(CATALOGUE.get("ux-housing").scale_of(CATALOGUE.get("ux-housing").items[0]).options)
    for index in range(texts.count()):
        text_id = texts.nth(index).get_attribute("id")
        assert screen.locator(f".say[data-say='{text_id}']").count() == 1, text_id


def test_the_line_can_be_set_by_keyboard(page, live, new_session_ticket):
    outcome = CATALOGUE.get("outcome-adult")
    token, session_id = new_session_ticket("E2E-ADULT", "outcome-adult")
    start(page, live, token)
    expected = {}
    for item, keys, value in zip(outcome.items,
                                 (["End", "ArrowLeft", "ArrowLeft"], ["Home", "ArrowRight"],
                                  ["ArrowUp"], ["PageDown", "PageDown"]),
                                 ("9.0", "0.5", "5.5", "1.0")):
        wait_for_screen(page, item.key)
        line = page.locator(f"{VISIBLE} .line")
        line.focus()
        for key in keys:
            page.keyboard.press(key)
        assert page.input_value(f"input[name='item-{item.key}']") == value
        assert line.get_attribute("aria-valuenow") == value
        expected[item.key] = float(value)
        page.locator("[data-step='1']").tap()
    finish(page)
    [stored] = live.wait_for_responses(1, session_id=session_id)
    assert {a.item_key: a.value for a in stored.answers} == expected


def test_next_waits_for_a_mark_on_a_required_line(page, live, new_session_ticket):
    token, _ = new_session_ticket("E2E-ADULT", "alliance-adult")
    start(page, live, token)
    assert page.locator("[data-step='1']").is_disabled()
    page.locator(f"{VISIBLE} .line").tap()
    assert page.locator("[data-step='1']").is_enabled()


def test_slow_speech_plays_the_slow_file_else_the_normal_one_slower_else_the_browser_voice(
        page, live, new_session_ticket, slow_audio):
    third = CATALOGUE.get("outcome-adult").items[2].text["sv"]

    page.add_init_script(RECORD_RATES)
    _, session_id = new_session_ticket("E2E-ADULT", "outcome-adult")
    with live.db() as db:
        unit_id = db.get(TreatmentSession, session_id).episode.client.unit_id
    token = live.ticket(questionnaire_id="outcome-adult", questionnaire_version=1, unit_id=unit_id,
                        language="sv", mode="self", session_id=session_id, speech_rate="slow")
    start(page, live, token)
    page.locator("body[data-speech-ready]").wait_for(state="attached")  # which files exist
    page.locator(f"{VISIBLE} .ask .say").tap()
    wait_until(page, "window.played.length === 1")
    assert page.evaluate("window.played") == [["text", 0.75]]
    page.locator(f"{VISIBLE} .line").tap()
    page.locator("[data-step='1']").tap()
    page.locator(f"{VISIBLE} .ask .say").tap()
    wait_until(page, "window.played.length === 2")
    assert page.evaluate("window.played[1]") == ["slow", 1]
    page.locator(f"{VISIBLE} .line").tap()
    page.locator("[data-step='1']").tap()
    page.locator(f"{VISIBLE} .ask .say").tap()
    wait_until(page, "window.spoken.length === 1")
    assert page.evaluate("window.spoken") == [[third, 0.7]] and len(page.evaluate("window.played")) == 2
