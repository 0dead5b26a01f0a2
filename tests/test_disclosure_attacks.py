"""The attacker's test: every figure a viewer can fetch through HTTP and the exports, then every
known attack on them (whole minus shown parts across scopes and within tables, adjacent periods,
year-over-year changes, padding through import). Nothing the rule hides may come out.

The organisation: North team (Cora's, 8 respondents in 2026), Tiny home (4) and Mid home (5) in
the area "Västra", Big home (12); 2025 had other sizes, Mid home then 3. Women and men, two age
groups. Only the first question is answered, yes or no, so answered = respondents.
"""
from __future__ import annotations

import io
import re
import uuid
from datetime import date, timedelta
from itertools import cycle

import pytest
from openpyxl import load_workbook

from survey.models import (
    Answer,
    Client,
    Episode,
    Response,
    Role,
    RoundStatus,
    RoundUnit,
    StaffUser,
    SurveyRound,
    Unit,
)
from survey.operations.tallies import count_responses
from tests.attacker import derive
from tests.conftest import PASSWORD_HASH

SIZES = {2026: {"North team": 8, "Tiny home": 4, "Mid home": 5, "Big home": 12},
         2025: {"North team": 6, "Tiny home": 6, "Mid home": 3, "Big home": 10}}
GROUPS = {"Tiny home": "Västra", "Mid home": "Västra"}
GENDER_NAMES = {"Kvinnor": "woman", "Män": "man", "Annat": "other", "Ej angivet": "not-stated"}
ORG = ("organisation", "organisation")


@pytest.fixture
def seeded(app, db, org):
    """Both rounds with their respondents, and who answered what (the truth the attacker seeks)."""
    units = {"North team": org["units"]["north"]}
    areas = {area: Unit(name=area, service_type="area") for area in set(GROUPS.values())}
    for name in ("Tiny home", "Mid home", "Big home"):
        units[name] = Unit(name=name, service_type="housing", parent=areas.get(GROUPS.get(name)))
        db.add(units[name])
    olga = StaffUser(username="olga", display_name="Olga", role=Role.COORDINATOR,
                     units=[org["units"]["south"]], password_hash=PASSWORD_HASH)
    olga.organisation_wide = True  # the organisation-level permission an admin grants
    db.add(olga)
    truth = []  # (year, unit, gender, age group, yes)
    answers = cycle([True, False, True, True, False, False, True])
    people = cycle([("woman", "18-29"), ("man", "30-49"), ("woman", "30-49"), ("woman", "18-29"),
                    ("man", "18-29")])
    rounds = {}
    for year, sizes in SIZES.items():
        survey_round = SurveyRound(
            questionnaire_id="ux-housing", questionnaire_version=1, year=year,
            status=RoundStatus.OPEN if year == 2026 else RoundStatus.CLOSED,
            round_units=[RoundUnit(unit=units[name], eligible=size + 2) for name, size in sizes.items()])
        db.add(survey_round)
        db.flush()
        rounds[year] = survey_round
        for name, size in sizes.items():
            for _ in range(size):
                gender, age_group = next(people)
                yes = next(answers)
                truth.append((year, name, gender, age_group, yes))
                db.add(Response(uid=str(uuid.uuid4()), questionnaire_id="ux-housing",
                                questionnaire_version=1, unit_id=units[name].id,
                                round_id=survey_round.id, mode="self", language="sv",
                                gender=gender, age_group=age_group,
                                answers=[Answer(item_key="decide-free-time",
                                                option_key="yes" if yes else "no")]))
    db.flush()
    dont_know = app.extensions["survey_catalogue"].get("ux-housing", 1).dont_know_keys
    for survey_round in rounds.values():  # as the app's own write paths do
        count_responses(db, survey_round.id, dont_know)
    db.commit()
    return {"rounds": rounds, "units": units, "truth": truth}


def _true_sizes(truth) -> dict:
    """Respondents of every (year, level, name, breakdown, value) cell."""
    sizes: dict = {}
    for year, unit, gender, age_group, _ in truth:
        scopes = [("unit", unit), ("unit_group", GROUPS.get(unit, unit)), ORG]
        for level, name in scopes:
            for by, value in ((None, None), ("gender", gender), ("age_group", age_group)):
                key = (year, level, name, by, value)
                sizes[key] = sizes.get(key, 0) + 1
    return sizes


def _relations(years) -> list:
    units = list(SIZES[2026])
    groups: dict = {}
    for unit in units:
        groups.setdefault(GROUPS.get(unit, unit), []).append(unit)
    values = [(None, None), ("gender", "woman"), ("gender", "man"), ("age_group", "18-29"),
              ("age_group", "30-49")]
    relations = []
    for year in years:
        for by, value in values:
            org = (year, *ORG, by, value)
            relations.append((org, [(year, "unit", u, by, value) for u in units]))
            relations.append((org, [(year, "unit_group", g, by, value) for g in groups]))
            relations += [((year, "unit_group", g, by, value), [(year, "unit", u, by, value) for u in us])
                          for g, us in groups.items()]
        scopes = [ORG, *(("unit", u) for u in units), *(("unit_group", g) for g in groups)]
        for level, name in scopes:
            for by, parts in (("gender", ("woman", "man")), ("age_group", ("18-29", "30-49"))):
                relations.append(((year, level, name, None, None),
                                  [(year, level, name, by, p) for p in parts]))
    return relations


def _scope_page(page: str, year: int, level: str, name: str, known: dict) -> None:
    """The first question on a scope page: share and n, and the gender and age breakdowns."""
    for section in page.split('<section class="report-section">')[1:]:
        heading = re.search(r"<h1>(.*?): ", section)[1]
        scope = ORG if heading == "Hela organisationen" else (level, name or heading)
        row = section.split("Får du bestämma vad du gör på din fritid?</th>")[1].split("</tr>")[0]
        shown = re.search(r"<strong>(\d+) %</strong><br><small>n = (\d+)</small>", row)
        if shown:
            n = int(shown[2])
            known[(year, *scope, None, None)] = (round(int(shown[1]) * n / 100), n)
        for table in section.split("<h2>")[2:]:
            by = "gender" if table.startswith("Kvinnor") else "age_group"
            heads = re.findall(r'<th scope="col">([^<]+)</th>', table.split("</thead>")[0])[1:]
            cells = table.split("fritid?</th>")[1].split("</tr>")[0].split("<td")[1:]
            for head, cell in zip(heads, cells):
                found = re.search(r"(\d+) av (\d+)", cell)
                if found:
                    known[(year, *scope, by, GENDER_NAMES.get(head, head))] = (int(found[1]), int(found[2]))


def _overview(page: str, year: int, level: str, known: dict, changes: dict) -> None:
    heads = re.findall(r'<th scope="col">(?:<a [^>]+>)?([^<]+)', page.split("Andel positiva svar")[1]
                       .split("</thead>")[0])[1:]
    cells = page.split("Andel positiva svar")[1].split("fritid?</th>")[1].split("</tr>")[0].split("<td")[1:]
    for head, cell in zip(heads, cells):
        scope = ORG if head == "Hela organisationen" else (level, head)
        found = re.search(r'"share">(\d+) %.*?n = (\d+)(?: · ([+-]\d+))?', cell, re.S)
        if found:
            n = int(found[2])
            known[(year, *scope, None, None)] = (round(int(found[1]) * n / 100), n)
            if found[3]:
                changes[(year, *scope)] = (int(found[1]), int(found[3]))


def _workbook(data: bytes, year: int, known: dict) -> None:
    book = load_workbook(io.BytesIO(data))
    for sheet in book.worksheets:
        if sheet.title in ("Sammanfattning", "Rådata", "Dolda siffror"):
            continue
        scope = ORG if sheet.title == "Hela organisationen" else ("unit", sheet.title)
        rows = [r for r in sheet.iter_rows(values_only=True) if r[0] and r[0].startswith("Får du bestämma")]
        counts = {r[1]: r[2] for r in rows}
        if all(isinstance(counts.get(k), int) for k in ("Ja", "Nej")):
            known[(year, *scope, None, None)] = (counts["Ja"], counts["Ja"] + counts["Ibland"] + counts["Nej"])


def _everything(client, seeded) -> tuple[dict, dict]:
    """Every figure of the first question the logged-in viewer can fetch, and the changes."""
    known, changes = {}, {}
    for year, survey_round in seeded["rounds"].items():
        base = f"/reports/rounds/{survey_round.id}"

        def get(path):
            answer = client.get(base + path)
            return answer.get_data(as_text=True) if answer.status_code == 200 else None

        for by in ("unit", "unit_group"):
            page = get(f"?by={by}")
            if page:
                _overview(page, year, by, known, changes)
        for path, level, name in [("/organisation", *ORG), ("/print", "unit", None),
                                  *((f"/units/{u.id}", "unit", n) for n, u in seeded["units"].items()),
                                  *((f"/groups/{g}", "unit_group", g) for g in {"Västra", *SIZES[2026]})]:
            page = get(path)
            if page:
                _scope_page(page, year, level, name, known)
        answer = client.post(f"{base}/export.xlsx")
        if answer.status_code == 200:
            _workbook(answer.data, year, known)
    return known, changes


@pytest.mark.parametrize("viewer", ["cora", "olga", "adam"])
def test_no_hidden_survey_figure_can_be_worked_out(client, login, seeded, viewer):
    login(viewer)
    known, changes = _everything(client, seeded)
    assert known, "the viewer sees some figures"
    sizes = _true_sizes(seeded["truth"])
    derived = derive(known, _relations(SIZES))
    leaks = sorted(str(k) for k in derived if 0 < sizes.get(k, 0) < 5)
    assert leaks == [], f"{viewer} worked out groups under 5: {leaks}"
    # Year over year: a change shown beside this year's share gives last year's share.
    for (year, level, name), _ in changes.items():
        assert sizes.get((year - 1, level, name, None, None), 0) not in range(1, 5), (year, name)


def test_padding_another_units_round_with_known_answers_is_refused(
        client, db, org, login, seeded, paper_csv, upload_paper, count):
    """Carl coordinates South team only: he cannot add three known answers to Tiny home (4)."""
    db.add(StaffUser(username="carl", display_name="Carl", role=Role.COORDINATOR,
                     units=[org["units"]["south"]], password_hash=PASSWORD_HASH))
    db.commit()
    login("carl")
    before = count(Response)
    sent = upload_paper(seeded["rounds"][2026].id, paper_csv([("Tiny home", "woman", "yes")] * 3))
    assert sent.status_code in (404, 422) and count(Response) == before
    assert client.get(f"/reports/rounds/{seeded['rounds'][2026].id}").status_code == 404


def _feedback_episodes(db, org):
    """North team: five women and two men opened on 2 … 8 January 2026 (with the fixture's A-1
    and B-1 of 10 January): a period ending a day later holds exactly one client more."""
    anna = org["staff"]["anna"]
    start = date(2026, 1, 1)
    for number, gender in enumerate(["woman"] * 5 + ["man"] * 2, start=1):
        client = Client(code=f"F-{number}", unit=org["units"]["north"], therapist=anna,
                        gender=gender, age_group="30-49")
        db.add(Episode(client=client, therapist=anna, opened_on=start + timedelta(days=number)))
    db.commit()


def _results(client, query: str) -> dict:
    page = client.post(f"/clinic/results.csv?{query}").get_data(as_text=True).lstrip("\ufeff")
    rows = [line.split(",") for line in page.strip().splitlines()]
    return {r[0]: r[1:] for r in rows}


def test_session_feedback_gives_no_group_away_within_a_table(client, db, org, login):
    _feedback_episodes(db, org)
    login("cora")
    table = _results(client, "scope=units")
    heads, clients = table["Mått"], table["Klienter"]
    shown = {h: int(v) for h, v in zip(heads, clients) if v.isdigit()}
    # Within the table: "all" minus "women" would give the men (2, and with A-1/B-1 the
    # fixture's women).
    for group in {h.split(" – ")[0] for h in heads}:
        parts = [shown.get(f"{group} – {g}") for g in ("Alla", "Kvinnor", "Män")]
        assert sum(p is None for p in parts) != 1, (group, parts)
        assert all(p is None or p >= 5 for p in parts), (group, parts)


def test_session_feedback_gives_no_client_away_across_adjacent_periods(client, db, org, login):
    _feedback_episodes(db, org)
    login("cora")
    # Moving the end by one day (7 → 8 January: six clients, then seven) must not show two
    # results that differ by one client: a coordinator gets fixed periods only.
    one = _results(client, "scope=units&from=2026-01-01&to=2026-01-07")
    two = _results(client, "scope=units&from=2026-01-01&to=2026-01-08")
    for a, b in zip(one["Klienter"], two["Klienter"]):
        if a.isdigit() and b.isdigit():
            assert abs(int(a) - int(b)) != 1, (one["Klienter"], two["Klienter"])
    assert client.get("/clinic/results?period=2026-13").status_code == 400
    quarter = _results(client, "scope=units&period=2026-Q1")
    assert quarter["Mått"] == one["Mått"]


def test_a_therapist_sees_her_own_four_episodes_and_a_coordinator_does_not(client, db, org, login):
    anna, north = org["staff"]["anna"], org["units"]["north"]
    for number in range(3):  # A-1 and three more: Anna's four
        client_ = Client(code=f"T-{number}", unit=north, therapist=anna, gender="woman",
                         age_group="30-49")
        db.add(Episode(client=client_, therapist=anna, opened_on=date(2026, 1, 10)))
    db.commit()
    login("anna")
    mine = _results(client, "from=2026-01-01&to=2026-12-31")
    assert mine["Klienter"][0] == "4" and mine["Ärenden"][0] == "4"
    login("cora")
    theirs = _results(client, "scope=therapists&period=2026")
    assert not any(v == "4" for v in theirs["Klienter"])
    assert any(v.startswith("färre än") for v in theirs["Klienter"])


def test_follow_up_rows_need_raw_data_access_and_give_months(client, db, org, login):
    login("cora")
    north = org["units"]["north"].id
    assert client.post(f"/reports/units/{north}/follow-up.csv").status_code == 403
    book = load_workbook(io.BytesIO(client.post(f"/reports/units/{north}/follow-up.xlsx").data))
    assert "Rådata" not in book.sheetnames
    org["staff"]["cora"].raw_data_access = True
    db.commit()
    raw = client.post(f"/reports/units/{north}/follow-up.csv").get_data(as_text=True)
    assert "2026-01" in raw and "2026-01-10" not in raw


def test_a_quarter_minus_two_of_its_months_gives_no_hidden_month_away(client, db, org, login):
    """North team: six clients closed in January, two in February, six in March (beside the
    fixture's A-1 and B-1, open all quarter); South team eight clients all quarter. Read alone,
    January (8 clients), March (8) and the quarter (16) are shown, and the quarter's closed
    episodes minus January's and March's would give February's two."""
    anna, north = org["staff"]["anna"], org["units"]["north"]
    for number in range(8):
        client_ = Client(code=f"S-{number + 10}", unit=org["units"]["south"],
                         therapist=org["staff"]["sven"], gender="woman", age_group="30-49")
        db.add(Episode(client=client_, therapist=org["staff"]["sven"], opened_on=date(2026, 1, 2)))
    for month, count in ((1, 6), (2, 2), (3, 6)):
        for number in range(count):
            client_ = Client(code=f"Q{month}-{number}", unit=north, therapist=anna,
                             gender="woman", age_group="30-49")
            db.add(Episode(client=client_, therapist=anna, opened_on=date(2026, month, 2),
                           closed_on=date(2026, month, 20), close_reason="planned"))
    db.commit()
    login("cora")
    closed = {period: _results(client, f"scope=units&period={period}")
              for period in ("2026-Q1", "2026-01", "2026-02", "2026-03")}
    heads = closed["2026-Q1"]["Mått"]
    for column, head in enumerate(heads):
        figures = {p: table["Avslutade ärenden"][column] for p, table in closed.items()}
        shown = {p: int(v) for p, v in figures.items() if v.isdigit()}
        if "2026-Q1" in shown and len(shown) == 3:  # one month hidden: work it out
            hidden_month = next(p for p in figures if p not in shown)
            worked_out = shown["2026-Q1"] - sum(v for p, v in shown.items() if p != "2026-Q1")
            pytest.fail(f"{head}: {hidden_month} has {worked_out} closed episodes")
    assert any(not v.isdigit() for v in closed["2026-02"]["Avslutade ärenden"])
