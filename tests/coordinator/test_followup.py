"""A unit's follow-up report against numbers worked out by hand, its exports and period, and the
unit's follow-up settings."""
from __future__ import annotations

import io
import re
import uuid
from dataclasses import replace
from datetime import date, timedelta
from functools import partial

import openpyxl
from sqlalchemy import select

from survey.models import AuditEvent, MeasurementRule
from survey.operations import (
    Submission,
    add_goal,
    close_episode,
    create_age_scheme,
    parsed,
    record_contact,
    record_response,
    record_value,
    register_client,
    revise_variable,
    set_plan,
    start_follow_up,
)
from survey.queries import current_variables, spec_of


def _episode(db, org, code, gender, opened, intervention, referral=None, contacts=(), close=None,
             age=None, age_group="30-49"):
    """A north-team episode set up through the operations (the walk above covers the pages)."""
    unit = org["units"]["north"]
    unit.variables = "referral,end_reason"
    found = register_client(db, org["staff"]["anna"], unit, code, gender,
                            None if age is not None else age_group, opened, age=age)
    episode = found.episodes[0]
    set_plan(db, episode, intervention, None, None)
    if referral:
        (variable,) = current_variables(db, unit, ["intake"])
        record_value(db, episode, variable, parsed(variable, referral))
    for day, attended in contacts:
        record_contact(db, episode, opened + timedelta(days=day), "individual", attended)
    if close:
        close_episode(db, episode, *close)
    return episode


def test_the_unit_report_against_numbers_worked_out_by_hand(app, client, db, org, login, table_row):
    start = date(2026, 1, 1)
    finished = _episode(db, org, "C-1", "woman", start, "counselling", "self",
                        [(d, True) for d in range(1, 7)] + [(8, False)])
    _episode(db, org, "C-2", "woman", start, "counselling", "self",
             [(1, True), (2, True), (3, False), (4, False), (5, False)],
             ("stopped-coming", date(2026, 2, 1)))
    _episode(db, org, "C-3", "woman", start, "counselling", "self", [(1, True)])
    # Referral by gender: self 6 women (3 above) and 7 men; school 5 women and 2 men.
    people = [("woman", "self")] * 3 + [("man", "self")] * 7 + [("woman", "school")] * 5 + [("man", "school")] * 2
    for number, (gender, referral) in enumerate(people):
        _episode(db, org, f"F-{number}", gender, start, "family-treatment", referral)
    add_goal(db, finished, "Ett mål", start)
    goal_id = finished.goals[0].id
    for kind, day, rating in (("intake", start, "2"), ("review", date(2026, 3, 30), "4")):  # 2 -> 4
        made = start_follow_up(db, finished, kind, day)
        record_response(db, app.extensions["survey_catalogue"], Submission(
            uid=str(uuid.uuid4()), questionnaire_id="goal-rating", questionnaire_version=1,
            unit_id=org["units"]["north"].id, follow_up_id=made.id, language="sv", mode="self",
            answers={f"goal-{goal_id}": rating}))
    close_episode(db, finished, "planned", date(2026, 4, 1))
    db.commit()
    login("cora")
    north = org["units"]["north"].id
    page = client.get(f"/reports/units/{north}/follow-up").get_data(as_text=True)
    row = partial(table_row, page)

    # Counselling: 3 episodes, 2 closed after 90 and 31 days -> 121 / 2 / 30.4375 = 2.0 months;
    # attended (6 + 2 + 1) / 3 = 3.0, missed (1 + 3 + 0) / 3 = 1.3; one stopped coming.
    assert row("delivery", "counselling") == ["3", "2", "2,0", "3,0", "1,3", "0,0", "0,0", "1"]
    assert row("delivery", "family-treatment") == ["17", "0", "–", "0,0", "0,0", "0,0", "0,0", "0"]
    assert row("delivery", "not-set") == ["2", "0", "–", "0,0", "0,0", "0,0", "0,0", "0"]  # A-1, B-1
    assert re.search(r'id="left-after".*?<th scope="row">2</th><td>1</td></tr>', page, re.S)
    assert re.search(r'id="goal-results".*?<td>1</td><td>2,0</td><td>4,0</td><td>1</td>', page, re.S)
    # Cora, the unit's coordinator, may open every one of these episodes: she sees the tables
    # exactly, school/man's 2 and end reasons of 1 included (tests/reporting/test_followup.py
    # holds the same table hidden for everyone else).
    assert row("crosstab-referral-gender", "self") == ["6", "7", "0", "0", "13"]
    assert row("crosstab-referral-gender", "school") == ["5", "2", "0", "0", "7"]
    assert row("crosstab-referral-age_band", "self")[4] == "13"  # 30-49 is the 5th age group
    assert row("crosstab-end_reason-gender", "planned") == ["1", "0", "0", "0", "1"]
    assert "dold" not in page.split('id="crosstab-referral-gender"')[1].split("</table>")[0]

    org["staff"]["cora"].raw_data_access = True  # the rows need raw-data access
    db.commit()
    raw = client.post(f"/reports/units/{north}/follow-up.csv").get_data(as_text=True)
    lines = raw.strip().splitlines()
    assert len(lines) == 1 + 22 and "referral" in lines[0]
    assert "C-1" not in raw and "Ett mål" not in raw  # no codes, no free text
    workbook = openpyxl.load_workbook(io.BytesIO(client.post(f"/reports/units/{north}/follow-up.xlsx").data))
    assert {"Insatser", "Mål", "Rådata", "Dolda siffror"} <= set(workbook.sheetnames)
    crosstab = [name for name in workbook.sheetnames if name.endswith("per kön")]
    assert crosstab and all(len(name) <= 31 for name in crosstab)


def test_the_unit_report_can_be_limited_to_episodes_opened_in_a_period(client, db, org, login):
    _episode(db, org, "P-1", "woman", date(2025, 6, 1), "counselling")
    _episode(db, org, "P-2", "man", date(2026, 2, 1), "counselling")
    db.commit()
    login("cora")
    north = org["units"]["north"].id
    page = client.get(f"/reports/units/{north}/follow-up?from=2026-01-01&to=2026-12-31").get_data(as_text=True)
    # P-2 and the fixture's A-1 and B-1 (opened 2026-01-10); P-1 opened before the period.
    assert re.search(r'data-type="counselling"><th scope="row">[^<]+</th>\s*<td>1</td>', page)
    org["staff"]["cora"].raw_data_access = True
    db.commit()
    raw = client.post(f"/reports/units/{north}/follow-up.csv?from=2026-01-01").get_data(as_text=True)
    assert len(raw.strip().splitlines()) == 1 + 3


def test_a_unit_sets_its_interval_variables_and_measurement_points(
        client, db, org, login, post_form):
    login("cora")
    north = org["units"]["north"]
    post_form(f"/reports/units/{north.id}/follow-up/settings", follow_up_months="6",
              variable=["housing", "bridged"], rule=["outcome:sessions", "goals:after-end:9"],
              **{"outcome-sessions-every": "4"})
    db.expire_all()
    assert (north.follow_up_months, north.variable_names) == (6, ["housing", "bridged"])
    rules = db.execute(select(MeasurementRule.instrument, MeasurementRule.point, MeasurementRule.every)
                       .where(MeasurementRule.unit_id == north.id).order_by(MeasurementRule.id)).all()
    assert [tuple(r) for r in rules] == [("outcome", "sessions", 4), ("goals", "after-end", 9)]
    page = client.get(f"/reports/units/{north.id}/follow-up/settings").get_data(as_text=True)
    assert 'value="goals:after-end:9" checked' in page and 'value="4"' in page
    # A bad interval is refused and the settings stay as they were.
    page = client.post(f"/reports/units/{north.id}/follow-up/settings",
                       data={"follow_up_months": "0", "rule": ["outcome:intake"]},
                       follow_redirects=True).get_data(as_text=True)
    assert "Uppföljningarna ska ligga 1–24 månader isär." in page
    db.expire_all()
    assert north.follow_up_months == 6 and len(db.scalars(
        select(MeasurementRule).where(MeasurementRule.unit_id == north.id)).all()) == 2


def test_the_unit_follow_up_report_is_logged(client, db, org, login):
    login("cora")
    home = org["units"]["home"].id
    assert client.get(f"/reports/units/{home}/follow-up").status_code == 200
    db.expire_all()
    event = db.scalar(select(AuditEvent).where(AuditEvent.detail == "follow-up report"))
    assert (event.action, event.object_type, event.object_id, event.staff_id) == (
        "view", "unit", home, org["staff"]["cora"].id)


def test_the_age_table_follows_the_scheme_the_report_chose(client, db, org, login, table_row):
    # Seven ages at intake and two clients whose age is not known, only their survey group.
    for number, age in enumerate((4, 15, 17, 22, 35, 35, 70)):
        _episode(db, org, f"Y-{number}", "woman", date(2026, 1, 5), "counselling", "self", age=age)
    for number, group in enumerate(("30-49", "13-17")):
        _episode(db, org, f"N-{number}", "man", date(2026, 1, 5), "counselling", "self",
                 age_group=group)
    create_age_scheme(db, {"sv": "Tre grupper"}, "0-17, 18-64, 65+")
    create_age_scheme(db, {"sv": "Med lucka"}, "0-9, 10-19, 20-29, 30-59")
    db.commit()
    login("cora")
    north = org["units"]["north"].id
    url = f"/reports/units/{north}/follow-up"
    # 0-17: 4, 15, 17 and the group 13-17; 18-64: 22, 35, 35 and the group 30-49; 65+: 70.
    page = client.get(f"{url}?ages=tre-grupper").get_data(as_text=True)
    assert table_row(page, "crosstab-referral-age_band", "self") == ["4", "4", "1", "0", "9"]
    assert re.search(r"<th[^>]*>0-17</th><th[^>]*>18-64</th><th[^>]*>65\+</th><th[^>]*>Ej angivet</th>",
                     page)
    # 0-9: 4; 10-19: 15, 17 and 13-17; 20-29: 22; 30-59: 35, 35 and 30-49; 70 in no group.
    page = client.get(f"{url}?ages=med-lucka").get_data(as_text=True)
    assert table_row(page, "crosstab-referral-age_band", "self") == ["1", "3", "1", "3", "1", "9"]
    assert '<option value="med-lucka" selected>Med lucka</option>' in page
    # No scheme named, or one that is gone: the first of the list, the survey's own groups:
    # 4 in 0-5, 15 and 17 and 13-17 in 13-17, 22 in 18-29, 35, 35 and 30-49 in 30-49, 70 in 65+.
    for query in ("", "?ages=gone"):
        page = client.get(f"{url}{query}").get_data(as_text=True)
        assert table_row(page, "crosstab-referral-age_band", "self") == [
            "1", "0", "3", "1", "3", "0", "1", "0", "9"]
    sheets = openpyxl.load_workbook(io.BytesIO(client.post(f"{url}.xlsx?ages=med-lucka").data))
    sheet = sheets["Remittent per åldersgrupp"]
    rows = [[cell for cell in row] for row in sheet.iter_rows(values_only=True)]
    assert list(rows[0][1:]) == ["0-9", "10-19", "20-29", "30-59", "Ej angivet", "Totalt"]
    assert "Åldersgrupper: Med lucka (0-9, 10-19, 20-29, 30-59)." in [
        row[0] for row in sheets["Dolda siffror"].iter_rows(values_only=True)]
    org["staff"]["cora"].raw_data_access = True
    db.commit()
    raw = client.post(f"{url}.csv?ages=tre-grupper").get_data(as_text=True)
    bands = [line.split(",")[6] for line in raw.strip().splitlines()]
    assert bands[0] == "age_band" and sorted(bands[1:]).count("0-17") == 4
def test_a_value_recorded_on_an_earlier_version_keeps_its_words_in_the_report(
        client, db, org, login):
    north = org["units"]["north"]
    north.variables = "referral"
    (first,) = current_variables(db, north)
    episodes = [_episode(db, org, f"V-{n}", "woman", date(2026, 1, 1), "counselling")
                for n in range(3)]
    for episode, code in zip(episodes[:2], ("school", "self")):
        record_value(db, episode, first, parsed(first, code))
    # Version 2 no longer has "school" and words "self" anew; a value recorded on it.
    spec = spec_of(first)
    second = revise_variable(db, first, replace(spec, options=tuple(
        replace(o, labels={"sv": "På eget initiativ"}) if o.code == "self" else o
        for o in spec.options if o.code != "school")))
    record_value(db, episodes[2], second, parsed(second, "self"))
    db.commit()
    login("cora")
    page = client.get(f"/reports/units/{north.id}/follow-up").get_data(as_text=True)
    heading = partial(re.search, flags=re.S)
    table = page.split('id="crosstab-referral-gender"')[1].split("</table>")[0]
    # School, recorded on version 1 only, keeps version 1's words; self reads as the newest
    # version that recorded it words it; the episodes of the fixture count as not stated.
    assert heading(r'data-value="school"><th scope="row">Skolan</th><td data-column="woman">1<', table)
    assert heading(r'data-value="self"><th scope="row">På eget initiativ</th><td data-column="woman">2<', table)
    assert heading(r'data-value="not-stated"><th scope="row">Ej angivet</th>', table)
