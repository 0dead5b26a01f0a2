"""The end of a staff hand-over: the staff member is logged out of the tablet, the client sees
only the locked screen, staff unlock it with their password, and the hand-back is audited."""
from __future__ import annotations

import re
import time
from datetime import date

from sqlalchemy import select

from survey.domain.client_words import WORDS
from survey.models import AuditEvent
from survey.operations import add_goal, start_follow_up
from survey.web.security import limiter


def _again(page: str) -> str:
    return re.search(r'data-again="([^"]+)"', page).group(1).replace("&amp;", "&")


def test_a_session_hand_over_logs_the_therapist_out_and_ends_on_the_locked_screen(
        app, client, org, login, hand_over_session, answer_on_tablet, item_keys):
    login("anna")
    session_id, token = hand_over_session(org["clients"]["A-1"].id)
    assert "/login" in client.get("/clinic/").location  # nobody is logged in on the tablet now
    again = _again(client.get(f"/kiosk/t/{token}/answer?lang=en").get_data(as_text=True))
    assert again == f"/kiosk/locked?lang=en&next=/clinic/sessions/{session_id}/done"
    answer_on_tablet(token, dict(zip(item_keys("outcome-adult"), [5, 5, 5, 5])))
    locked = client.get(again)
    page = locked.get_data(as_text=True)
    assert locked.status_code == 200 and WORDS["en"]["give_back"] in page
    assert 'href="/clinic' not in page  # no way into staff pages, only the unlock form
    # The staff page behind it still asks for a login.
    assert "/login" in client.get(f"/clinic/sessions/{session_id}/done").location


def test_staff_unlock_with_their_password_and_the_hand_back_is_audited(
        client, db, org, login, hand_over_session, password):
    login("anna")
    session_id, _ = hand_over_session(org["clients"]["A-1"].id)
    done = f"/clinic/sessions/{session_id}/done"
    wrong = client.post("/kiosk/locked?lang=sv", data={"username": "anna", "password": "guess",
                                                      "next": done})
    assert wrong.status_code == 401 and "Fel användarnamn eller lösenord." in wrong.get_data(as_text=True)
    assert "/login" in client.get(done).location
    unlocked = client.post("/kiosk/locked", data={"username": "anna", "password": password,
                                                  "next": done})
    assert unlocked.status_code == 302 and unlocked.location == done
    assert client.get(done).status_code == 302  # now Anna's own page (the client's scores)
    assert "/clinic/clients/" in client.get(done).location
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "hand-back"))
    assert event.staff_id == org["staff"]["anna"].id


def test_a_tablet_never_signed_in_is_signed_in_by_unlocking(client, org, password):
    # A tablet whose cookie holds no staff session (a round code, or a day-old hand-over).
    unlocked = client.post("/kiosk/locked", data={"username": "anna", "password": password,
                                                  "next": "/clinic/"})
    assert unlocked.location == "/clinic/"
    assert client.get("/clinic/").status_code == 200


def test_unlocking_never_leads_off_the_site(client, org, password):
    unlocked = client.post("/kiosk/locked", data={"username": "anna", "password": password,
                                                  "next": "//evil.example/x"})
    assert unlocked.location == "/clinic/"


def test_a_disabled_account_cannot_unlock(client, db, org, password):
    org["staff"]["anna"].active = False
    db.commit()
    assert client.post("/kiosk/locked", data={"username": "anna", "password": password}).status_code == 401


def test_a_staff_started_survey_ends_on_the_locked_screen_and_a_round_code_does_not(
        client, org, housing_round, hand_over_round):
    token = hand_over_round(housing_round.id, org["units"]["home"].id)
    again = _again(client.get(f"/kiosk/t/{token}/answer").get_data(as_text=True))
    assert again == "/kiosk/locked?lang=sv&next=/kiosk/hand-over"
    code = housing_round.round_units[0].code
    opened = client.get(f"/kiosk/code/{code}?mode=self&level=text")
    code_token = opened.location.split("/kiosk/t/")[1]
    again = _again(client.get(f"/kiosk/t/{code_token}/answer").get_data(as_text=True))
    assert again == f"/kiosk/t/{code_token}"  # the next client's first screen


def test_an_answered_session_page_is_refused_in_the_clients_language(
        client, org, login, hand_over_session, answer_on_tablet, item_keys):
    login("anna")
    _, token = hand_over_session(org["clients"]["A-1"].id)
    assert client.get(f"/kiosk/t/{token}/answer").status_code == 200
    answer_on_tablet(token, dict(zip(item_keys("outcome-adult"), [5, 5, 5, 5])))
    for url in (f"/kiosk/t/{token}", f"/kiosk/t/{token}/answer"):
        refused = client.get(url)
        page = refused.get_data(as_text=True)
        assert refused.status_code == 410 and WORDS["sv"]["answered"] in page
        assert 'id="questionnaire"' not in page


def test_an_expired_session_ticket_opens_nothing(app, client, org, sign_ticket, login,
                                                 hand_over_session):
    login("anna")
    session_id, _ = hand_over_session(org["clients"]["A-1"].id)
    hours = app.config["TICKET_HOURS"]
    old = sign_ticket("outcome-adult", unit_id=org["units"]["north"].id, session_id=session_id,
                      issued_at=int(time.time() - hours * 3600 - 60))
    refused = client.get(f"/kiosk/t/{old}")
    assert refused.status_code == 410 and WORDS["sv"]["expired"] in refused.get_data(as_text=True)
    sent = client.post("/kiosk/api/responses", json={"ticket": old, "uid": "0" * 8 + "-0000-4000-8000-" + "0" * 12,
                                                     "answers": {}})
    assert sent.status_code == 403 and sent.json["code"] == "ticket"
    fresh = sign_ticket("outcome-adult", unit_id=org["units"]["north"].id, session_id=session_id,
                        issued_at=int(time.time() - hours * 3600 + 60))
    assert client.get(f"/kiosk/t/{fresh}").status_code == 200


def test_a_goals_page_is_marked_never_to_be_kept_offline(
        client, db, org, login, hand_over_session):
    episode = org["clients"]["A-1"].episodes[0]
    add_goal(db, episode, "Sova bättre", date.today())
    follow_up = start_follow_up(db, episode, "intake", date.today())
    db.commit()
    login("anna")
    handed = client.post(f"/clinic/follow-ups/{follow_up.id}/hand-over", data={"instrument": "goals"})
    token = handed.location.split("/kiosk/t/")[1]
    page = client.get(f"/kiosk/t/{token}/answer")
    assert page.headers["Kiosk-Keep-Offline"] == "no" and 'data-keep="no"' in page.get_data(as_text=True)
    login("anna")
    _, outcome = hand_over_session(org["clients"]["A-1"].id)
    page = client.get(f"/kiosk/t/{outcome}/answer")
    assert "Kiosk-Keep-Offline" not in page.headers and 'data-keep="yes"' in page.get_data(as_text=True)


def test_the_queue_page_lists_every_refusal_reason_for_staff(client, org, login):
    login("anna")
    page = client.get("/kiosk/queue").get_data(as_text=True)
    for code in ("invalid", "conflict", "ticket", "malformed", "server"):
        assert f'data-code="{code}"' in page
    assert "js/kiosk-queue.js" in page


def test_guessing_the_unlock_password_is_rate_limited(app, client, org, password):
    limiter.reset()  # the limiter's counts live in memory across tests
    app.config["LOGIN_LIMIT"] = "2 per hour"
    guesses = [client.post("/kiosk/locked", data={"username": "anna", "password": f"guess {n}"})
               for n in range(3)]
    assert [g.status_code for g in guesses] == [401, 401, 429]
    # Not even the right password gets through until the pause is over.
    assert client.post("/kiosk/locked", data={"username": "anna", "password": password}).status_code == 429
    limiter.reset()
