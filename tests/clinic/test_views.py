"""Therapists' client pages: registering, episodes, transfer, the logged client view, a client's
data on request and its erasure."""
from __future__ import annotations

import re
import uuid
from datetime import date

import pytest
from sqlalchemy import select
from werkzeug.http import parse_options_header

from survey.models import AuditEvent, Client, Episode, Response, Role, StaffUser, TreatmentSession
from survey.operations import Submission, record_response, start_session


def test_registering_refuses_a_code_used_twice_in_the_unit(client, org, login, register):
    login("anna")
    north = org["units"]["north"].id
    register("X-1", north)
    again = client.post("/clinic/clients", data={"code": "x-1", "unit": north, "gender": "man",
                                                 "age_group": "18-29", "opened_on": "2026-05-01"})
    assert again.status_code == 422 and "Enheten har redan en klient med koden X-1." in again.get_data(as_text=True)
    other_unit = client.post("/clinic/clients", data={"code": "Y-1", "unit": org["units"]["south"].id,
                                                      "gender": "man", "age_group": "18-29", "opened_on": "2026-05-01"})
    assert other_unit.status_code == 422


def test_an_episode_closes_with_a_reason_and_a_new_one_can_open(client, db, org, login):
    login("anna")
    a = org["clients"]["A-1"]
    episode = a.episodes[0]
    assert client.post(f"/clinic/episodes/{episode.id}/close", data={"reason": "moved", "closed_on": "2026-03-01"}).status_code == 302
    db.expire_all()
    assert (episode.closed_on, episode.close_reason) == (date(2026, 3, 1), "moved")
    assert client.post(f"/clinic/clients/{a.id}/sessions", data={"rater": "client"}).status_code == 409
    client.post(f"/clinic/clients/{a.id}/episodes")
    db.expire_all()
    assert len(db.get(Client, a.id).episodes) == 2


def test_a_client_is_transferred_to_a_colleague(client, db, org, login):
    login("anna")
    a = org["clients"]["A-1"]
    moved = client.post(f"/clinic/clients/{a.id}/transfer", data={"therapist": org["staff"]["bert"].id})
    assert moved.status_code == 302
    assert client.get(f"/clinic/clients/{a.id}").status_code == 404
    login("bert")
    assert client.get(f"/clinic/clients/{a.id}").status_code == 200
    db.expire_all()
    assert db.get(Episode, a.episodes[0].id).therapist_id == org["staff"]["bert"].id
    # Sven works in South team: not a therapist of the client's unit.
    refused = client.post(f"/clinic/clients/{a.id}/transfer", data={"therapist": org["staff"]["sven"].id})
    assert refused.status_code == 302 and db.get(Client, a.id).therapist_id == org["staff"]["bert"].id


def test_the_client_view_is_logged(client, db, org, login):
    login("anna")
    a = org["clients"]["A-1"]
    client.get(f"/clinic/clients/{a.id}")
    events = db.scalars(select(AuditEvent).where(AuditEvent.object_type == "client")).all()
    assert [(e.staff_id, e.action, e.object_id) for e in events] == [(org["staff"]["anna"].id, "view", a.id)]


def test_a_new_therapist_without_clients_sees_empty_pages(client, db, org, login):
    db.add(StaffUser(username="nina", display_name="Nina", role=Role.THERAPIST, units=[org["units"]["north"]],
                     password_hash=org["staff"]["anna"].password_hash))
    db.commit()
    login("nina")
    assert "Inga klienter ännu" in client.get("/clinic/").get_data(as_text=True)
    assert client.get("/clinic/results").status_code == 200
    for path in ("/clinic/results.csv", "/clinic/results.xlsx"):
        assert client.post(path).status_code == 200, path


def test_the_client_page_title_is_plain_text(client, org, login):
    login("anna")
    page = client.get(f"/clinic/clients/{org['clients']['A-1'].id}").get_data(as_text=True)
    title = page.split("<title>")[1].split("</title>")[0]
    assert title == "Klient A-1 – Uppföljning"


def test_a_client_gets_their_data_and_can_be_erased(app, client, db, org, login):
    a1 = org["clients"]["A-1"]
    session = start_session(db, a1.episodes[0], date(2026, 2, 2))
    outcome = app.extensions["survey_catalogue"].get("outcome-adult")
    record_response(db, app.extensions["survey_catalogue"], Submission(
        uid=str(uuid.uuid4()), questionnaire_id=outcome.id, questionnaire_version=1,
        unit_id=a1.unit_id, session_id=session.id, language="sv", mode="self",
        answers={i.key: 6 for i in outcome.items}))
    db.commit()
    a1_id, session_id = a1.id, session.id
    login("anna")
    record = client.post(f"/clinic/clients/{a1_id}/export.json").json
    assert record["code"] == "A-1" and record["episodes"][0]["sessions"][0]["responses"][0]["total"] == 24.0
    assert client.post(f"/clinic/clients/{a1_id}/erase", data={"confirm": "A-1"}).status_code == 403
    login("cora")
    refused = client.post(f"/clinic/clients/{a1_id}/erase", data={"confirm": "B-1"})
    assert refused.status_code == 400 and db.get(Client, a1_id) is not None
    assert client.post(f"/clinic/clients/{a1_id}/erase", data={"confirm": "a-1"}).status_code == 302
    db.expunge_all()
    assert db.get(Client, a1_id) is None
    assert db.scalar(select(Response).where(Response.session_id == session_id)) is None
    assert db.get(TreatmentSession, session_id) is None
    actions = db.scalars(select(AuditEvent.action).where(AuditEvent.object_type == "client")).all()
    assert actions == ["export", "erase"]


def test_a_client_code_of_any_letters_downloads_under_a_safe_name(client, db, org, login):
    for code in ("ŁÓDŹ-1", 'X"; filename=evil.exe'):
        found = Client(code=code, unit=org["units"]["north"], therapist=org["staff"]["anna"],
                       gender="man", age_group="18-29")
        db.add(found)
        db.commit()
        login("anna")
        answer = client.post(f"/clinic/clients/{found.id}/export.json")
        assert answer.status_code == 200 and answer.json["code"] == code
        # One file name, exactly the code's (Werkzeug reads filename* as filename).
        assert parse_options_header(answer.headers["Content-Disposition"]) == (
            "attachment", {"filename": f"klient-{code}.json"})
        assert answer.headers["Cache-Control"] == "no-store"


def test_the_client_list_is_logged(client, db, org, login):
    login("anna")
    assert client.get("/clinic/").status_code == 200
    db.expire_all()
    event = db.scalar(select(AuditEvent).where(AuditEvent.detail.like("client list%")))
    assert (event.action, event.staff_id) == ("view", org["staff"]["anna"].id)


def _codes(page: str) -> list[str]:
    table = page.split('id="clients"')[1].split("</table>")[0]
    return re.findall(r'<tr data-value="([^"]+)">', table)


def test_a_start_page_of_200_clients_searches_filters_sorts_and_pages(
        client, db, org, login, post_form):
    anna, north, south = org["staff"]["anna"], org["units"]["north"], org["units"]["south"]
    anna.units.append(south)
    for n in range(1, 201):
        found = Client(code=f"C-{n:03}", unit=south if n % 4 == 0 else north, therapist=anna,
                       gender="man", age_group="30-49")
        db.add(Episode(client=found, therapist=anna, opened_on=date(2026, 1, 1),
                       closed_on=date(2026, 2, 1) if n % 5 == 0 else None,
                       close_reason="planned" if n % 5 == 0 else None))
    db.commit()
    login("anna")
    for code in ("C-007", "C-101"):  # alliance 30, under 36: a signal
        found = db.scalar(select(Client).where(Client.code == code))
        session = start_session(db, found.episodes[0], date.today())
        db.commit()
        post_form(f"/clinic/sessions/{session.id}/paper", instrument="alliance", rater="client",
                  total="30")
    page = client.get("/clinic/").get_data(as_text=True)
    assert "201 klienter, sida 1 av 9" in page  # A-1 and 200 more, 25 a page
    assert _codes(page) == ["A-1"] + [f"C-{n:03}" for n in range(1, 25)]
    last = client.get("/clinic/?page=9").get_data(as_text=True)
    assert _codes(last) == ["C-200"] and 'rel="next"' not in last and 'rel="prev"' in last
    assert _codes(client.get("/clinic/?q=c-01").get_data(as_text=True)) == [
        f"C-{n:03}" for n in range(10, 20)]
    closed = client.get(f"/clinic/?status=closed&unit={south.id}").get_data(as_text=True)
    assert "10 klienter" in closed  # every 20th: in South (4th) and closed (5th)
    assert _codes(closed) == [f"C-{n:03}" for n in range(20, 201, 20)]
    second = client.get(f"/clinic/?status=open&unit={north.id}&page=2").get_data(as_text=True)
    assert "121 klienter, sida 2 av 5" in second  # 200 − 50 in South − 40 closed in North + A-1
    assert f'href="/clinic/?page=3&amp;status=open&amp;unit={north.id}"' in second
    with_signals = client.get("/clinic/?signals=1").get_data(as_text=True)
    assert _codes(with_signals) == ["C-007", "C-101"]
    assert with_signals.count("</a>:\n        <strong>") == 2  # the signals of these alone
    assert _codes(client.get("/clinic/?sort=signals").get_data(as_text=True))[:3] == [
        "C-007", "C-101", "A-1"]
    by_unit = _codes(client.get("/clinic/?sort=unit&q=C-00").get_data(as_text=True))
    assert by_unit == ["C-001", "C-002", "C-003", "C-005", "C-006", "C-007", "C-009",
                       "C-004", "C-008"]  # North team before South team
    assert _codes(client.get("/clinic/?page=x&sort=nonsense").get_data(as_text=True))[0] == "A-1"
    assert "Inga klienter matchar." in client.get("/clinic/?q=nobody").get_data(as_text=True)


def test_the_new_client_form_starts_empty_and_every_choice_must_be_made(client, org, login, count):
    login("anna")
    page = client.get("/clinic/").get_data(as_text=True)
    assert page.index("Ny klient") < page.index('id="clients"')
    for name in ("unit", "gender", "age_group"):
        select_ = re.search(rf'<select[^>]*name="{name}".*?</select>', page, re.S).group(0)
        options = re.findall(r"<option ([^>]*)>", select_)
        assert options[0] in ('value=""', 'selected value=""'), name
        assert not any("selected" in o for o in options[1:]), name
    before = count(Client)
    sent = client.post("/clinic/clients", data={"code": "N-1", "unit": "", "gender": "",
                                                "age_group": "", "opened_on": "2026-05-01"})
    text = sent.get_data(as_text=True)
    assert sent.status_code == 422 and count(Client) == before
    assert all(m in text for m in ("Välj enhet.", "Välj kön.",
                                   "Skriv åldern, eller välj en åldersgrupp om åldern inte är känd."))


def _registered(client, code: str, **fields):
    return client.post("/clinic/clients", data={
        "code": code, "unit": fields.pop("unit"), "gender": "woman", "opened_on": "2026-05-01",
        **fields})


def test_registering_stores_the_age_at_intake_and_the_survey_group_of_it(client, db, org, login):
    login("anna")
    north = org["units"]["north"].id
    for code, age, group in (("G-1", "34", "30-49"), ("G-2", "17", "13-17"), ("G-3", "18", "18-29"),
                             ("G-4", "0", "0-5"), ("G-5", "120", "65+")):
        assert _registered(client, code, unit=north, age=age).status_code == 302
        found = db.scalar(select(Client).where(Client.code == code))
        # The group the kiosk and the instruments' child, youth and adult band read.
        assert (found.age_group, found.episodes[0].age_at_intake) == (group, int(age))
    page = client.get(f"/clinic/clients/{found.id}").get_data(as_text=True)
    assert "120 år vid inskrivning" in page
    record = client.post(f"/clinic/clients/{found.id}/export.json").get_json()
    assert record["episodes"][0]["age_at_intake"] == 120  # the client's own data holds it


def test_when_the_age_is_not_known_the_survey_group_is_chosen(client, db, org, login):
    login("anna")
    assert _registered(client, "U-1", unit=org["units"]["north"].id, age="",
                       age_group="6-12").status_code == 302
    found = db.scalar(select(Client).where(Client.code == "U-1"))
    assert (found.age_group, found.episodes[0].age_at_intake) == ("6-12", None)


@pytest.mark.parametrize("fields, message", [
    ({"age": "121"}, "Skriv åldern i hela år, från 0 till 120."),
    ({"age": "-1"}, "Skriv åldern i hela år, från 0 till 120."),
    ({"age": "3.5"}, "Skriv åldern i hela år, från 0 till 120."),
    ({"age": "tolv"}, "Skriv åldern i hela år, från 0 till 120."),
    ({"age": "34", "age_group": "65+"}, "Åldern 34 ligger inte i åldersgruppen 65+"),
    ({"age": "", "age_group": ""}, "Skriv åldern, eller välj en åldersgrupp om åldern inte är känd."),
])
def test_an_invalid_age_is_refused_with_why_and_nothing_is_stored(client, org, login, count,
                                                                  fields, message):
    login("anna")
    before = (count(Client), count(Episode))
    sent = _registered(client, "BAD-1", unit=org["units"]["north"].id, **fields)
    assert sent.status_code == 422 and message in sent.get_data(as_text=True)
    assert (count(Client), count(Episode)) == before


def test_a_new_episode_asks_the_age_at_its_intake(client, db, org, login):
    login("anna")
    a = org["clients"]["A-1"]
    client.post(f"/clinic/episodes/{a.episodes[0].id}/close", data={"reason": "moved",
                                                                    "closed_on": "2026-03-01"})
    refused = client.post(f"/clinic/clients/{a.id}/episodes", data={"age": "200"},
                          follow_redirects=True)
    assert "Skriv åldern i hela år, från 0 till 120." in refused.get_data(as_text=True)
    db.expire_all()
    assert len(db.get(Client, a.id).episodes) == 1
    client.post(f"/clinic/clients/{a.id}/episodes", data={"age": "51"})
    db.expire_all()
    found = db.get(Client, a.id)
    assert (found.age_group, found.episodes[-1].age_at_intake) == ("50-64", 51)


def test_the_age_at_an_intake_is_corrected_and_the_group_follows_the_newest(client, db, org, login):
    login("anna")
    a = org["clients"]["A-1"]
    first = a.episodes[0]
    client.post(f"/clinic/episodes/{first.id}/close", data={"reason": "moved", "closed_on": "2026-03-01"})
    client.post(f"/clinic/clients/{a.id}/episodes", data={"age": "51"})
    db.expire_all()
    newest = db.get(Client, a.id).episodes[-1]
    page = client.post(f"/clinic/episodes/{first.id}/age", data={"age": "49"},
                       follow_redirects=True).get_data(as_text=True)
    assert "Åldern vid inskrivning är sparad." in page
    db.expire_all()
    assert (db.get(Episode, first.id).age_at_intake, db.get(Client, a.id).age_group) == (49, "50-64")
    refused = client.post(f"/clinic/episodes/{newest.id}/age", data={"age": "5 år"},
                          follow_redirects=True).get_data(as_text=True)
    assert "Skriv åldern i hela år, från 0 till 120." in refused
    client.post(f"/clinic/episodes/{newest.id}/age", data={"age": "12"})
    db.expire_all()
    assert (db.get(Episode, newest.id).age_at_intake, db.get(Client, a.id).age_group) == (12, "6-12")
    client.post(f"/clinic/episodes/{newest.id}/age", data={"age": ""})  # not known after all
    db.expire_all()
    assert (db.get(Episode, newest.id).age_at_intake, db.get(Client, a.id).age_group) == (None, "6-12")
