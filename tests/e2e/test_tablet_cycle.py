"""The tablet's whole hand-over cycle, in Chromium and in WebKit (Safari's engine): a survey and
a session answered to the end, the locked screen after a session, the server gone mid-survey
and back, a tablet left alone, and nothing of the previous person after Back or reload."""
from __future__ import annotations

import time

from sqlalchemy import select

from survey.config import BUNDLED_QUESTIONNAIRES
from survey.domain.client_words import WORDS
from survey.domain.instruments import load_catalogue
from survey.models import Client, RoundStatus, RoundUnit, SurveyRound

from .conftest import STAFF_PASSWORD

CATALOGUE = load_catalogue(BUNDLED_QUESTIONNAIRES)
HOUSING, OUTCOME = CATALOGUE.get("ux-housing"), CATALOGUE.get("outcome-adult")
DAILY = CATALOGUE.get("ux-daily-activity")
VISIBLE = "section.screen:not([hidden])"
# What the browser shows when a service worker answers a page with nothing (the WebKit bug).
BROWSER_ERRORS = ("respondWith", "FetchEvent", "Returned response is null")
NOTHING_LEFT = ("!document.querySelector('input[type=radio]:checked')"
                " && !document.querySelector('.line .mark:not([hidden])')"
                " && !Object.keys(localStorage).some(k => k.startsWith('survey-draft:'))")


def _start(tablet, welcome_url: str) -> str:
    """Open the first screen, tap Start; the response's uid."""
    tablet.goto(welcome_url)
    tablet.tap("a.start")
    tablet.wait_for("#questionnaire[data-ready]")
    return tablet.js("document.querySelector('input[name=uid]').value")


def _next_if_still_on(tablet, key: str) -> None:
    """Move on from a choice screen whether or not a tap moves on by itself."""
    try:
        tablet.wait_until(f"!document.querySelector(\"section.screen[data-key='{key}']:not([hidden])\")",
                          timeout=0.7)
    except AssertionError:
        tablet.tap("[data-step='1']")


def _choose(tablet, items, pick: int = 0, questionnaire=HOUSING) -> dict[str, str]:
    chosen = {}
    for item in items:
        tablet.on_screen(item.key)
        chosen[item.key] = questionnaire.scale_of(item).option_keys[pick]
        tablet.tap(f"{VISIBLE} label:has(input[value='{chosen[item.key]}'])")
        _next_if_still_on(tablet, item.key)
    return chosen


def _mark_lines(tablet, fraction: float) -> None:
    for item in OUTCOME.items:
        tablet.on_screen(item.key)
        tablet.tap_at(f"{VISIBLE} .line", fraction)
        tablet.tap("[data-step='1']")


def _no_browser_error(tablet) -> None:
    shown = tablet.text()
    assert not any(error in shown for error in BROWSER_ERRORS), shown[:300]


def _round(live, questionnaire_id: str = "ux-housing") -> RoundUnit:
    with live.db() as db:
        return db.scalar(select(RoundUnit).join(SurveyRound)
                         .where(SurveyRound.questionnaire_id == questionnaire_id))


def _set_round_status(live, round_id: int, status: RoundStatus) -> None:
    with live.db() as db:
        db.get(SurveyRound, round_id).status = status
        db.commit()


def _unlock(tablet, username: str) -> None:
    tablet.fill("#username", username)
    tablet.fill("#password", STAFF_PASSWORD)
    tablet.tap("form.unlock button")


def test_a_survey_is_answered_to_the_end(tablet, live, round_ticket):
    token, _ = round_ticket("ux-housing")
    uid = _start(tablet, f"{live.url}/kiosk/t/{token}")
    chosen = _choose(tablet, HOUSING.items)
    tablet.send()
    [stored] = live.wait_for_responses(1, uid=uid)
    assert {a.item_key: a.option_key for a in stored.answers} == chosen
    # By itself after the thank-you screen: the round's first screen, for the next client.
    tablet.wait_until("location.pathname.endsWith('/kiosk/t/' + %r)" % token, timeout=10)
    tablet.wait_for("a.start")
    assert tablet.js(NOTHING_LEFT)


def test_a_session_ends_on_the_locked_screen_and_nothing_of_it_comes_back(tablet, live):
    with live.db() as db:
        client_id = db.scalar(select(Client.id).where(Client.code == "E2E-ADULT"))
    tablet.goto(f"{live.url}/login")
    tablet.fill("#username", "tore")
    tablet.fill("#password", STAFF_PASSWORD)
    tablet.tap("main button[type=submit]")
    tablet.wait_until("location.pathname === '/clinic/'")
    tablet.goto(f"{live.url}/clinic/clients/{client_id}")
    tablet.tap("form[action$='/sessions'] button")
    tablet.tap("a.start")
    tablet.wait_for("#questionnaire[data-ready]")
    uid = tablet.js("document.querySelector('input[name=uid]').value")
    _mark_lines(tablet, 0.5)
    tablet.send()
    [stored] = live.wait_for_responses(1, uid=uid)
    assert stored.score_total == 20.0
    # The thank-you screen moves on to the locked screen, in the client's language.
    tablet.wait_for("form.unlock", timeout=10)
    assert WORDS["sv"]["give_back"] in tablet.text()
    assert tablet.count("a[href^='/clinic']") == 0
    locked = tablet.url
    tablet.goto(f"{live.url}/clinic/clients/{client_id}")  # the therapist was logged out
    tablet.wait_until("location.pathname === '/login'")
    for move in (tablet.back, tablet.reload, tablet.back, tablet.back, tablet.reload):
        move()
        tablet.wait_until("document.readyState === 'complete'")
        assert "E2E-ADULT" not in tablet.text() and tablet.js(NOTHING_LEFT)
        assert tablet.count("#done:not([hidden])") == 0
        _no_browser_error(tablet)
    tablet.goto(locked)
    _unlock(tablet, "tore")
    tablet.wait_until(f"location.pathname === '/clinic/clients/{client_id}'")


def test_the_server_stops_mid_survey_and_comes_back(tablet, live, own_server):
    ru = _round(live)
    token = own_server.ticket(questionnaire_id="ux-housing", questionnaire_version=1,
                              unit_id=ru.unit_id, round_id=ru.round_id, language="sv",
                              mode="self", hand_back=True)  # staff-started: ends locked
    _start(tablet, f"{own_server.url}/kiosk/t/{token}")
    tablet.wait_until("navigator.serviceWorker.ready.then(() => true)")
    if not tablet.js("navigator.serviceWorker.controller !== null"):
        tablet.reload()  # a page loaded once the worker is active is always under it
        tablet.wait_for("#questionnaire[data-ready]")
    tablet.wait_until("navigator.serviceWorker.controller !== null")
    uid = tablet.js("document.querySelector('input[name=uid]').value")
    tablet.wait_until("caches.match(document.querySelector('#questionnaire').dataset.again)"
                      ".then(r => !!r)")
    chosen = _choose(tablet, HOUSING.items[:1])
    own_server.stop()
    chosen |= _choose(tablet, HOUSING.items[1:], pick=2)
    tablet.send()
    assert tablet.count("#queued:not([hidden])") == 1
    # With the server gone, the tablet moves on by itself to the locked screen.
    tablet.wait_for("form.unlock", timeout=10)
    _no_browser_error(tablet)
    assert own_server.responses(uid=uid) == []
    own_server.restart()
    # A send begun on a connection the restart dropped waits out the tablet's send timeout
    # (20 s) before the next round (every 5 s) sends again: 30 s was the edge of that.
    [stored] = own_server.wait_for_responses(1, timeout=60, uid=uid)
    assert {a.item_key: a.option_key for a in stored.answers} == chosen
    tablet.wait_until("JSON.parse(localStorage.getItem('survey-outbox')).length === 0")
    time.sleep(6)  # another resend round finds nothing left
    assert len(own_server.responses(uid=uid)) == 1
    _no_browser_error(tablet)


# Long enough for a loaded machine's browser to read the question and tap before the draft goes.
IDLE_SECONDS = 4


def test_a_tablet_left_alone_asks_and_then_clears_the_draft(tablet, live, new_session_ticket):
    token, session_id = new_session_ticket("E2E-ADULT", "outcome-adult")
    live.app.config["IDLE_SECONDS"] = IDLE_SECONDS
    try:
        _start(tablet, f"{live.url}/kiosk/t/{token}")
    finally:
        live.app.config["IDLE_SECONDS"] = 120
    tablet.on_screen(OUTCOME.items[0].key)
    tablet.tap_at(f"{VISIBLE} .line", 0.3)
    tablet.wait_for("#idle", timeout=IDLE_SECONDS + 4)
    assert WORDS["sv"]["still_there"] in tablet.text()
    tablet.tap("#still-here")  # still there: the answer stays
    assert tablet.count("#idle:not([hidden])") == 0
    assert tablet.count(".line .mark:not([hidden])") == 1
    tablet.wait_for("#idle", timeout=IDLE_SECONDS + 4)  # asked again; nobody answers
    tablet.wait_for("form.unlock", timeout=IDLE_SECONDS + 6)
    assert tablet.js(NOTHING_LEFT)
    assert live.responses(session_id=session_id) == []


def test_an_answer_the_server_refuses_is_shown_to_staff_and_resent_once_fixed(
        tablet, live, own_server):
    ru = _round(live, "ux-daily-activity")
    token = own_server.ticket(questionnaire_id="ux-daily-activity", questionnaire_version=1,
                              unit_id=ru.unit_id, round_id=ru.round_id, language="sv", mode="self")
    uid = _start(tablet, f"{own_server.url}/kiosk/t/{token}")
    own_server.stop()
    _choose(tablet, DAILY.items, questionnaire=DAILY)
    tablet.send()
    _set_round_status(live, ru.round_id, RoundStatus.CLOSED)  # closed while the tablet was offline
    try:
        own_server.restart()
        tablet.wait_until("(JSON.parse(localStorage.getItem('survey-rejected')) || [])"
                          ".some(e => e.code === 'invalid' && e.status === 422)", timeout=20)
        assert own_server.responses(uid=uid) == []
        tablet.goto(f"{own_server.url}/kiosk/")
        tablet.wait_for("#refused-note")  # never kept silently: the neutral screen says so
        tablet.goto(f"{own_server.url}/login?next=/kiosk/queue")
        tablet.fill("#username", "stina")
        tablet.fill("#password", STAFF_PASSWORD)
        tablet.tap("main button[type=submit]")
        tablet.wait_for("#refused")
        assert "Svaren stämmer inte med enkäten" in tablet.text()
        assert tablet.js("document.getElementById('clear').disabled")
        tablet.tap("#export")  # saved as a file for the service: may now leave the tablet
        assert not tablet.js("document.getElementById('clear').disabled")
        _set_round_status(live, ru.round_id, RoundStatus.OPEN)  # the coordinator fixes it
        tablet.tap("#resend")
        [stored] = own_server.wait_for_responses(1, uid=uid)
        tablet.wait_for("#none-refused")
        assert tablet.js("localStorage.getItem('survey-rejected')") == "[]"
    finally:
        _set_round_status(live, ru.round_id, RoundStatus.OPEN)
