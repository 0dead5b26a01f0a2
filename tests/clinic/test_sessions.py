"""A session's other raters and paper forms: what is stored, and what a bad form stores (nothing)."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from survey.models import AuditEvent, Response


def test_a_collateral_rater_and_a_paper_form_are_recorded_as_such(
        client, db, org, login, hand_over_session, hand_back, answer_on_tablet, item_keys):
    login("anna")
    a = org["clients"]["A-1"].id
    session_id, token = hand_over_session(a, rater="collateral")
    answer_on_tablet(token, dict(zip(item_keys("outcome-adult"), [5, 5, 5, 5])))
    stored = db.scalar(select(Response).where(Response.session_id == session_id))
    assert (stored.rater, stored.mode, stored.source, stored.score_total) == ("collateral", "proxy", "tablet", 20.0)
    hand_back("anna")
    items = client.post(f"/clinic/sessions/{session_id}/paper", data={
        "instrument": "alliance", "rater": "client", "item_1": "9.5", "item_2": "9", "item_3": "8.5", "item_4": "10"})
    assert items.status_code == 302
    paper = db.scalar(select(Response).where(Response.session_id == session_id, Response.source == "paper"))
    assert paper.score_total == 37.0 and sorted(a.value for a in paper.answers) == [8.5, 9.0, 9.5, 10.0]


def test_slow_speech_and_faces_chosen_when_a_session_starts_reach_the_tablet_and_the_response(
        client, db, org, login, hand_over_session, answer_on_tablet, item_keys):
    login("anna")
    session_id, token = hand_over_session(org["clients"]["A-1"].id, speech_rate="slow",
                                          faces="on")
    page = client.get(f"/kiosk/t/{token}/answer").get_data(as_text=True)
    assert 'data-rate="slow"' in page and 'data-advance="false"' in page
    # The adult outcome has words at the line's ends; the option adds the faces.
    assert page.count("pictograms/face-sad.svg") == page.count("pictograms/face-happy.svg") == 4
    answer_on_tablet(token, dict(zip(item_keys("outcome-adult"), [5, 5, 5, 5])))
    stored = db.scalar(select(Response).where(Response.session_id == session_id))
    assert stored.speech_rate == "slow"


@pytest.mark.parametrize("data, message", [
    ({"instrument": "outcome", "item_1": "5", "total": "20"}, "alla fyra frågorna, eller bara summan"),
    ({"instrument": "outcome", "item_1": "5", "item_2": "5"}, "alla fyra frågorna, eller bara summan"),
    ({"instrument": "outcome"}, "alla fyra frågorna, eller bara summan"),
    ({"instrument": "outcome", "total": "41"}, "Numret måste vara mellan 0 och 40"),
    ({"instrument": "outcome", "item_1": "11", "item_2": "1", "item_3": "1", "item_4": "1"}, "Numret måste vara mellan 0 och 10"),
])
def test_a_bad_paper_form_stores_nothing(client, db, org, login, hand_over_session, hand_back,
                                        data, message):
    login("anna")
    session_id, _ = hand_over_session(org["clients"]["A-1"].id)
    hand_back("anna")
    sent = client.post(f"/clinic/sessions/{session_id}/paper", data={"rater": "client", **data})
    assert sent.status_code == 422 and message in sent.get_data(as_text=True)
    assert db.scalar(select(Response).where(Response.session_id == session_id)) is None


def test_opening_the_paper_entry_form_is_logged(client, db, org, login, annas):
    login("anna")
    assert client.get(f"/clinic/sessions/{annas['session_id']}/paper").status_code == 200
    db.expire_all()
    event = db.scalar(select(AuditEvent).where(AuditEvent.detail == "paper-entry form"))
    assert (event.action, event.object_type, event.object_id, event.staff_id) == (
        "view", "session", annas["session_id"], org["staff"]["anna"].id)
