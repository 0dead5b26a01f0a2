"""Through HTTP: a unit's follow-up report (page, workbook, raw rows) counts each episode once per
variable by its newest recording, outside a review or in one, as pivots do (issue 17); a
review's own variables show in it too."""
from __future__ import annotations

import csv
import io
from datetime import date
from functools import partial

import openpyxl
from sqlalchemy import select

from survey.models import RecordReview, Variable, VariableOption
from survey.operations import parsed, record_value, register_client
from survey.operations.reviews import open_review, record_episode


def _recorded_in_and_outside_a_review(db, org):
    """Four women of North team (besides the fixture's A-1 and B-1, with no referral):
    R-1: school in the review only                → school
    R-2: self outside only                        → self
    R-3: self outside, then school in the review  → school
    R-4: school in the review, then self outside  → self
    and needs (several choices) on R-3: {housing, work} outside, then {work} in the review → work;
    on R-4: {work} in the review, then {housing, work} outside → housing;work"""
    unit = org["units"]["north"]
    unit.variables = "referral,coordination"
    referral = db.scalar(select(Variable).where(Variable.key == "referral"))
    review = RecordReview(unit_id=unit.id, name="Journaler 2026")
    needs = Variable(key="needs", kind="multi", phase="intake", unit_id=unit.id, names={"sv": "Behov"},
                     options=[VariableOption(code=c, position=i, labels={"sv": c})
                              for i, c in enumerate(("housing", "work"))])
    db.add_all([review, needs])
    db.flush()
    episodes = {code: register_client(db, org["staff"]["anna"], unit, code, "woman", "30-49",
                                      date(2026, 2, 1)).episodes[0] for code in ("R-1", "R-2", "R-3", "R-4")}

    def record(code, value, in_review=False, variable=referral):
        record_value(db, episodes[code], variable, parsed(variable, value),
                     review_id=review.id if in_review else None)

    record("R-1", "school", in_review=True)
    record("R-2", "self")
    record("R-3", "self")
    record("R-3", "school", in_review=True)
    record("R-4", "school", in_review=True)
    record("R-4", "self")
    record("R-3", ["housing", "work"], variable=needs)
    record("R-3", ["work"], in_review=True, variable=needs)
    record("R-4", ["work"], in_review=True, variable=needs)
    record("R-4", ["housing", "work"], variable=needs)
    db.commit()
    return unit, episodes


def _sheet(workbook, name: str) -> list[tuple]:
    return list(workbook[name].iter_rows(values_only=True))


def test_the_report_counts_each_episode_once_by_its_newest_value(client, db, org, login, table_row):
    unit, episodes = _recorded_in_and_outside_a_review(db, org)
    login("cora")
    url = f"/reports/units/{unit.id}/follow-up"
    row = partial(table_row, client.get(url).get_data(as_text=True), "crosstab-referral-gender")
    # Columns: woman, man, other, not stated, total.
    assert row("school") == ["2", "0", "0", "0", "2"]
    assert row("self") == ["2", "0", "0", "0", "2"]
    assert row("not-stated") == ["2", "0", "0", "0", "2"]  # A-1, B-1

    workbook = openpyxl.load_workbook(io.BytesIO(client.post(f"{url}.xlsx").data))
    counts = {line[0]: line[1:] for line in _sheet(workbook, "Remittent per kön")[1:]}
    assert (counts["Skolan"][0], counts["Klienten själv"][0], counts["Ej angivet"][0]) == (2, 2, 2)
    assert "Rådata" not in workbook.sheetnames  # Cora has no raw-data access yet

    org["staff"]["cora"].raw_data_access = True
    db.commit()
    newest = {episodes["R-1"].id: "school", episodes["R-2"].id: "self",
              episodes["R-3"].id: "school", episodes["R-4"].id: "self"}
    workbook = openpyxl.load_workbook(io.BytesIO(client.post(f"{url}.xlsx").data))
    heading, *lines = _sheet(workbook, "Rådata")
    referral = heading.index("referral")
    assert {line[0]: line[referral] for line in lines if line[0] in newest} == newest
    assert len(lines) == 6  # one row per episode
    rows = list(csv.DictReader(io.StringIO(client.post(f"{url}.csv").data.decode("utf-8-sig"))))
    assert {int(r["episode_id"]): r["referral"] for r in rows if int(r["episode_id"]) in newest} == newest
    assert len(rows) == 6
    assert {int(r["episode_id"]): r["needs"] for r in rows if r["needs"]} == {
        episodes["R-3"].id: "work", episodes["R-4"].id: "housing;work"}


def test_a_reviews_own_variable_shows_in_the_report(client, db, org, login, table_row):
    unit, episodes = _recorded_in_and_outside_a_review(db, org)
    cora = org["staff"]["cora"]
    review = open_review(db, unit, "Samordning 2026", cora, variable_keys=["coordination"])
    for entry in review.episodes:
        if entry.episode_id in (episodes["R-1"].id, episodes["R-2"].id):
            record_episode(db, entry, {"coordination": "by-us"}, cora)
    db.commit()
    login("cora")
    page = client.get(f"/reports/units/{unit.id}/follow-up").get_data(as_text=True)
    assert table_row(page, "crosstab-coordination-gender", "by-us") == ["2", "0", "0", "0", "2"]
    assert table_row(page, "crosstab-coordination-gender", "not-stated") == ["4", "0", "0", "0", "4"]


def test_a_date_in_the_raw_rows_is_a_month_even_once_the_variable_is_switched_off(client, db, org, login):
    unit, episodes = _recorded_in_and_outside_a_review(db, org)
    review = db.scalar(select(RecordReview))
    seen = Variable(key="seen", kind="date", phase="review", unit_id=unit.id, names={"sv": "Sedd"})
    db.add(seen)
    db.flush()
    record_value(db, episodes["R-1"], seen, parsed(seen, "2026-03-17"), review_id=review.id)
    seen.retired = True  # no longer recorded, still in the rows
    org["staff"]["cora"].raw_data_access = True
    db.commit()
    login("cora")
    answer = client.post(f"/reports/units/{unit.id}/follow-up.csv").data.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(answer)))
    assert [r["seen"] for r in rows if int(r["episode_id"]) == episodes["R-1"].id] == ["2026-03"]
    assert "2026-03-17" not in answer
