"""Therapists: clients, episodes, the session flow through HTTP, signals, results by hand."""
from __future__ import annotations

import csv
import io
import re
import uuid
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from survey.models import AuditEvent, Client, Episode, Response, TreatmentSession


def _keys(app, instrument):
    return [i.key for i in app.extensions["survey_catalogue"].get(instrument).items]


def _register(client, code, gender="woman", unit_id=None, age_group="30-49"):
    sent = client.post("/clinic/clients", data={"code": code, "unit": unit_id, "gender": gender,
                                                "age_group": age_group,
                                                "opened_on": date.today().isoformat()})
    assert sent.status_code == 302, sent.get_data(as_text=True)
    return int(sent.location.rsplit("/", 1)[1])


def _start_session(client, db, client_id, rater="client") -> tuple[int, str]:
    started = client.post(f"/clinic/clients/{client_id}/sessions", data={"rater": rater})
    assert started.status_code == 302 and "/kiosk/t/" in started.location
    token = started.location.split("/kiosk/t/")[1]
    db.expire_all()
    session_id = db.scalar(select(TreatmentSession.id).join(Episode)
                           .where(Episode.client_id == client_id)
                           .order_by(TreatmentSession.id.desc()).limit(1))
    return session_id, token


def _tablet_answers(client, token, keys, values):
    sent = client.post("/kiosk/api/responses", json={
        "ticket": token, "uid": str(uuid.uuid4()), "answers": dict(zip(keys, values))})
    assert sent.status_code == 201, sent.json


def _alliance_token(client, session_id):
    handed = client.post(f"/clinic/sessions/{session_id}/alliance", data={"rater": "client"})
    assert handed.status_code == 302
    return handed.location.split("/kiosk/t/")[1]


def _paper(client, session_id, instrument, total):
    sent = client.post(f"/clinic/sessions/{session_id}/paper",
                       data={"instrument": instrument, "rater": "client", "total": total})
    assert sent.status_code == 302, sent.get_data(as_text=True)


def _signals_on(page: str) -> list[str]:
    block = page.split('class="signals"')[1].split("</ul>")[0] if 'class="signals"' in page else ""
    return re.findall(r"<strong>([^<]+)</strong>", block)


def test_the_whole_feedback_flow_and_results_by_hand(app, client, db, org, login):
    login("anna")
    north = org["units"]["north"].id
    outcome, alliance = _keys(app, "outcome-adult"), _keys(app, "alliance-adult")
    a = _register(client, "a-1001", "woman", north)
    expected_signals = {
        1: [],                                                       # 16 and 38: nothing to flag
        2: ["Samarbetet har sjunkit"],                               # 38 → 37.5
        3: ["En samarbetsfråga under 9", "Samarbetet har sjunkit",   # 8.5 < 9; 37.5 → 37.0
            "Måendet har försämrats"],                               # 16 → 10: −6 ≤ −5
    }
    for number, outcome_values, alliance_values in [
        (1, [4, 4, 4, 4], [9.5, 9.5, 9.5, 9.5]),        # 16, 38
        (2, [4.5, 4.5, 4.5, 4.5], [9.5, 9.5, 9.5, 9.0]),  # 18, 37.5
        (3, [2.5, 2.5, 2.5, 2.5], [8.5, 9.5, 9.5, 9.5]),  # 10, 37
    ]:
        session_id, token = _start_session(client, db, a)
        _tablet_answers(client, token, outcome, outcome_values)
        _tablet_answers(client, _alliance_token(client, session_id), alliance, alliance_values)
        view = client.get(f"/clinic/clients/{a}").get_data(as_text=True)
        assert sorted(_signals_on(view)) == sorted(expected_signals[number]), number
        start_page = client.get("/clinic/").get_data(as_text=True)
        assert start_page.count("A-1001</a>:") == len(expected_signals[number])
    table = view.split("<tbody>")[1]
    assert [float(v) for v in re.findall(r'<td class="(?:below)?">([\d.]+)</td>', table)] == [
        16.0, 38.0, 18.0, 37.5, 10.0, 37.0]
    done = client.get(f"/clinic/sessions/{session_id}/done")
    assert done.location.endswith(f"/clinic/clients/{a}#session-3")

    # Four more episodes typed in from paper: B 12 → 20, C 20 → 27, D 22 → 24, E 15 only.
    for code, gender, totals in [("B-1002", "woman", [12, 20]), ("C-1003", "man", [20, 27]),
                                 ("D-1004", "man", [22, 24]), ("E-1005", "woman", [15])]:
        client_id = _register(client, code, gender, north)
        for total in totals:
            session_id, _ = _start_session(client, db, client_id)
            _paper(client, session_id, "outcome", total)
        if code == "B-1002":
            _paper(client, session_id, "alliance", 30)
        if code == "E-1005":
            episode = db.scalar(select(Episode.id).where(Episode.client_id == client_id))
            assert client.post(f"/clinic/episodes/{episode}/close",
                               data={"reason": "stopped-coming", "closed_on": date.today().isoformat()}).status_code == 302
    episode_a = db.scalar(select(Episode.id).where(Episode.client_id == a))
    client.post(f"/clinic/episodes/{episode_a}/close", data={"reason": "planned", "closed_on": date.today().isoformat()})
    db.expire_all()
    assert db.get(Episode, episode_a).close_reason == "planned"

    exported = client.get("/clinic/results.csv")
    rows = {row[0]: row[1:] for row in csv.reader(io.StringIO(exported.get_data(as_text=True).lstrip("\ufeff")))}
    # Anna: A-1 from the fixture (an episode without scores) and the five above.
    assert rows["Mått"] == ["Anna – Alla", "Anna – Kvinnor", "Anna – Män"]
    expected = {
        "Klienter": "6", "Ärenden": "6", "Avslutade ärenden": "2", "– planerat avslut": "1",
        "– slutade komma": "1", "Avslutade efter en session": "1",      # E
        "Ärenden med minst två skattningar": "4",                       # A, B, C, D
        "Medel vid start": "17.5",        # (16 + 12 + 20 + 22) / 4 = 70 / 4
        "Medel senaste": "20.25",         # (10 + 20 + 27 + 24) / 4 = 81 / 4
        "Medelförändring": "2.75",        # (−6 + 8 + 7 + 2) / 4 = 11 / 4
        # SD of 16, 12, 20, 22: squared deviations from 17.5 sum to 59; √(59 / 3) = 4.4347
        "Effektstorlek (förändring ÷ SD vid start)": "0.62",            # 2.75 / 4.4347
        "Säkert förbättrade": "0.5",      # B (+8) and C (+7) of 4
        "Återhämtade": "0.25",            # C: 20 < 25 ≤ 27
        "Ingen säker förändring": "0.25",  # D (+2)
        "Försämrade": "0.25",             # A (−6)
        "Samarbete, medel": "35.62",      # (38 + 37.5 + 37 + 30) / 4 = 35.625
        "Sessioner med samarbete under gränsen": "0.25",                # 30 < 36
    }
    for measure, value in expected.items():
        assert rows[measure][0] == value, measure
    assert rows["Klienter"][1:] == ["för få", "för få"]  # 4 women, 2 men: under 5 each
    workbook = load_workbook(io.BytesIO(client.get("/clinic/results.xlsx").data))
    sheet = {r[0]: r[1:] for r in workbook["Resultat"].iter_rows(values_only=True)}
    assert sheet["Medelförändring"][0] == 2.75 and sheet["Ärenden"][0] == 6
    page = client.get("/clinic/results").get_data(as_text=True)
    assert ">0.62<" in page and ">50 %<" in page and "för få" in page

    login("cora")  # the coordinator of North team: Anna's five, A-1 and Bert's B-1
    unit = {row[0]: row[1:] for row in csv.reader(io.StringIO(
        client.get("/clinic/results.csv?scope=units").get_data(as_text=True).lstrip("\ufeff")))}
    assert unit["Mått"][:3] == ["North team – Alla", "North team – Kvinnor", "North team – Män"]
    assert unit["Ärenden"][0] == "7" and unit["Medelförändring"][0] == "2.75"
    events = db.scalars(select(AuditEvent.action).where(AuditEvent.object_type == "results")).all()
    assert events.count("export") == 3


def test_a_collateral_rater_and_a_paper_form_are_recorded_as_such(app, client, db, org, login):
    login("anna")
    a = org["clients"]["A-1"].id
    session_id, token = _start_session(client, db, a, rater="collateral")
    _tablet_answers(client, token, _keys(app, "outcome-adult"), [5, 5, 5, 5])
    stored = db.scalar(select(Response).where(Response.session_id == session_id))
    assert (stored.rater, stored.mode, stored.source, stored.score_total) == ("collateral", "proxy", "tablet", 20.0)
    items = client.post(f"/clinic/sessions/{session_id}/paper", data={
        "instrument": "alliance", "rater": "client", "item_1": "9.5", "item_2": "9", "item_3": "8.5", "item_4": "10"})
    assert items.status_code == 302
    paper = db.scalar(select(Response).where(Response.session_id == session_id, Response.source == "paper"))
    assert paper.score_total == 37.0 and sorted(a.value for a in paper.answers) == [8.5, 9.0, 9.5, 10.0]


@pytest.mark.parametrize("data, message", [
    ({"instrument": "outcome", "item_1": "5", "total": "20"}, "alla fyra frågorna, eller bara summan"),
    ({"instrument": "outcome", "item_1": "5", "item_2": "5"}, "alla fyra frågorna, eller bara summan"),
    ({"instrument": "outcome"}, "alla fyra frågorna, eller bara summan"),
    ({"instrument": "outcome", "total": "41"}, "Number must be between 0 and 40"),
    ({"instrument": "outcome", "item_1": "11", "item_2": "1", "item_3": "1", "item_4": "1"}, "Number must be between 0 and 10"),
])
def test_a_bad_paper_form_stores_nothing(client, db, org, login, data, message):
    login("anna")
    session_id, _ = _start_session(client, db, org["clients"]["A-1"].id)
    sent = client.post(f"/clinic/sessions/{session_id}/paper", data={"rater": "client", **data})
    assert sent.status_code == 422 and message in sent.get_data(as_text=True)
    assert db.scalar(select(Response).where(Response.session_id == session_id)) is None


def test_registering_refuses_a_code_used_twice_in_the_unit(client, org, login):
    login("anna")
    north = org["units"]["north"].id
    _register(client, "X-1", unit_id=north)
    again = client.post("/clinic/clients", data={"code": "x-1", "unit": north, "gender": "man",
                                                 "age_group": "18-29", "opened_on": "2026-05-01"})
    assert again.status_code == 422 and "already has a client with code X-1" in again.get_data(as_text=True)
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
    from survey.models import Role, StaffUser

    db.add(StaffUser(username="nina", display_name="Nina", role=Role.THERAPIST, units=[org["units"]["north"]],
                     password_hash=org["staff"]["anna"].password_hash))
    db.commit()
    login("nina")
    assert "Inga klienter ännu" in client.get("/clinic/").get_data(as_text=True)
    for path in ("/clinic/results", "/clinic/results.csv", "/clinic/results.xlsx"):
        assert client.get(path).status_code == 200, path


def test_the_client_page_title_is_plain_text(client, org, login):
    login("anna")
    page = client.get(f"/clinic/clients/{org['clients']['A-1'].id}").get_data(as_text=True)
    title = page.split("<title>")[1].split("</title>")[0]
    assert title == "Klient A-1 – Uppföljning"
