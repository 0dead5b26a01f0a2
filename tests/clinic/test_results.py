"""Therapists' results, worked out by hand from a feedback flow through HTTP: sessions answered
on the tablet and typed in from paper, signals on the client view, the results page and its
CSV and XLSX, for a therapist and for a unit."""
from __future__ import annotations

import csv
import io
import re
from datetime import date

from openpyxl import load_workbook
from sqlalchemy import select

from survey.models import AuditEvent, Episode


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


def test_the_whole_feedback_flow_and_results_by_hand(
        client, db, org, login, register, hand_over_session, hand_back, answer_on_tablet,
        item_keys):
    login("anna")
    north = org["units"]["north"].id
    outcome, alliance = item_keys("outcome-adult"), item_keys("alliance-adult")
    a = register("a-1001", north, "woman")
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
        session_id, token = hand_over_session(a)
        answer_on_tablet(token, dict(zip(outcome, outcome_values)))
        hand_back("anna")
        answer_on_tablet(_alliance_token(client, session_id), dict(zip(alliance, alliance_values)))
        hand_back("anna")
        view = client.get(f"/clinic/clients/{a}").get_data(as_text=True)
        assert sorted(_signals_on(view)) == sorted(expected_signals[number]), number
        start_page = client.get("/clinic/").get_data(as_text=True)
        assert start_page.count("A-1001</a>:") == len(expected_signals[number])
    table = view.split('class="scores"')[1].split("<tbody>")[1]
    assert re.findall(r'<td class="(?:below)?">([\d,]+)</td>', table) == [  # Swedish: 37,5
        "16", "38", "18", "37,5", "10", "37"]
    done = client.get(f"/clinic/sessions/{session_id}/done")
    assert done.location.endswith(f"/clinic/clients/{a}#session-3")

    # Four more episodes typed in from paper: B 12 → 20, C 20 → 27, D 22 → 24, E 15 only.
    for code, gender, totals in [("B-1002", "woman", [12, 20]), ("C-1003", "man", [20, 27]),
                                 ("D-1004", "man", [22, 24]), ("E-1005", "woman", [15])]:
        client_id = register(code, north, gender)
        for total in totals:
            session_id, _ = hand_over_session(client_id)
            hand_back("anna")  # the client answers on paper instead
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

    exported = client.post("/clinic/results.csv")
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
        "Säkert förbättrade": "50 % (n=4)",      # B (+8) and C (+7) of 4
        "Återhämtade": "25 % (n=4)",             # C: 20 < 25 ≤ 27
        "Ingen säker förändring": "25 % (n=4)",  # D (+2)
        "Försämrade": "25 % (n=4)",              # A (−6)
        "Samarbete, medel": "35.62",      # (38 + 37.5 + 37 + 30) / 4 = 35.625
        "Sessioner med samarbete skattat": "4",
        "Sessioner med samarbete under gränsen": "25 % (n=4)",          # 30 < 36
    }
    for measure, value in expected.items():
        assert rows[measure][0] == value, measure
    # 4 women, 2 men: under 5 each, but Anna may open every one of her clients' records.
    assert rows["Klienter"][1:] == ["4", "2"]
    workbook = load_workbook(io.BytesIO(client.post("/clinic/results.xlsx").data))
    sheet = {r[0]: r[1:] for r in workbook["Resultat"].iter_rows(values_only=True)}
    assert sheet["Medelförändring"][0] == 2.75 and sheet["Ärenden"][0] == 6
    page = client.get("/clinic/results").get_data(as_text=True)
    assert ">0,62<" in page and ">50\xa0% (n=4)<" in page and "färre än" not in page

    login("cora")  # the coordinator of North team: Anna's five, A-1 and Bert's B-1
    year = date.today().year  # a fixed period: the calendar year
    unit = {row[0]: row[1:] for row in csv.reader(io.StringIO(
        client.post(f"/clinic/results.csv?scope=units&period={year}").get_data(as_text=True).lstrip("\ufeff")))}
    assert unit["Mått"][:3] == ["North team – Alla", "North team – Kvinnor", "North team – Män"]
    # The men (2) are too few, so the women (5) are hidden with them; and the organisation's
    # total minus North team's 7 would give South team's one client, so North team's "all" too.
    assert unit["Ärenden"] == ["dold för att skydda en annan grupp"] * 2 + ["färre än 5"]
    therapists = {row[0]: row[1:] for row in csv.reader(io.StringIO(
        client.post(f"/clinic/results.csv?scope=therapists&period={year}").get_data(as_text=True).lstrip("\ufeff")))}
    assert therapists["Ärenden"][0] == "dold för att skydda en annan grupp"  # Anna's 6 beside Bert's 1
    events = db.scalars(select(AuditEvent.action).where(AuditEvent.object_type == "results")).all()
    assert events.count("export") == 4
