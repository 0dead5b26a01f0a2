"""Through HTTP: an episode whose variable was recorded more than once (outside a review, in one
review, in two) counts once in a pivot, by its newest recording; a variable of several choices by
the newest recording's whole set. The raw long export gives the same newest value."""
from __future__ import annotations

import csv
import io
import re
from datetime import date

from sqlalchemy import select

from survey.domain.variables import parse_value
from survey.models import Client, Episode, RecordReview, Variable, VariableOption
from survey.operations import record_value
from survey.queries import spec_of

YEAR = 2025


def _table(page: str) -> dict[tuple[str, str], str]:
    table = re.search(rf'id="pivot-{YEAR}".*?</table>', page, re.S).group(0)
    return {(value, column): re.sub(r"<[^>]+>", "", text.split("<br>")[0]).strip()
            for value, cells in re.findall(r'<tr data-value="([^"]+)">(.*?)</tr>', table, re.S)
            for column, text in re.findall(r'<td data-column="([^"]+)">(.*?)</td>', cells, re.S)}


def _recorded_again_and_again(db, org):
    """Four women of North team; referral and needs recorded in this order (each recording
    replaces nothing outside its own review):
    A: self outside, then school in review 1            → school; needs {housing, work}, then {work} → work
    B: school in review 1, then self outside            → self;   needs {work} in review 1, then {housing}
    C: self in review 1, then school in review 2        → school
    D: self outside only                                 → self;   needs not stated"""
    unit = org["units"]["north"]
    unit.variables = "referral"
    referral = db.scalar(select(Variable).where(Variable.key == "referral"))
    needs = Variable(key="needs", kind="multi", phase="intake", unit_id=unit.id, names={"sv": "Behov"},
                     options=[VariableOption(code=c, position=i, labels={"sv": c})
                              for i, c in enumerate(("housing", "work"))])
    first, second = RecordReview(unit_id=unit.id, name="Första"), RecordReview(unit_id=unit.id, name="Andra")
    db.add_all([needs, first, second])
    db.flush()
    episodes = {}
    for code in "ABCD":
        client = Client(code=code, unit=unit, therapist=org["staff"]["anna"], gender="woman",
                        age_group="30-49")
        episodes[code] = Episode(client=client, therapist=org["staff"]["anna"], opened_on=date(YEAR, 3, 1))
        db.add(episodes[code])
    db.flush()

    def record(code, variable, raw, review=None):
        record_value(db, episodes[code], variable, parse_value(spec_of(variable), raw),
                     review_id=review.id if review else None)

    record("A", referral, "self")
    record("A", needs, ["housing", "work"])
    record("A", referral, "school", first)
    record("A", needs, ["work"], first)
    record("B", referral, "school", first)
    record("B", needs, ["work"], first)
    record("B", referral, "self")
    record("B", needs, ["housing"])
    record("C", referral, "self", first)
    record("C", referral, "school", second)
    record("D", referral, "self")
    db.commit()
    return unit


def test_each_episode_counts_once_by_its_newest_recording(client, db, org, login):
    unit = _recorded_again_and_again(db, org)
    login("cora")
    page = client.get(f"/reports/units/{unit.id}/pivot", query_string={
        "rows": "variable:referral", "columns": "gender", "period": str(YEAR)})
    assert page.status_code == 200
    cells = _table(page.get_data(as_text=True))
    assert (cells[("school", "woman")], cells[("self", "woman")]) == ("2", "2")
    assert cells[("not-stated", "woman")] == "0" and cells[("total", "woman")] == "4"
    several = _table(client.get(f"/reports/units/{unit.id}/pivot", query_string={
        "rows": "variable:needs", "columns": "gender", "period": str(YEAR)}).get_data(as_text=True))
    # A: {work} (review 1 after {housing, work} outside); B: {housing}; C, D: not stated.
    assert (several[("housing", "woman")], several[("work", "woman")]) == ("1", "1")
    assert several[("not-stated", "woman")] == "2"
    crossed = _table(client.get(f"/reports/units/{unit.id}/pivot", query_string={
        "rows": "variable:referral", "columns": "variable:needs", "period": str(YEAR)}).get_data(as_text=True))
    assert (crossed[("school", "work")], crossed[("self", "housing")]) == ("1", "1")
    assert (crossed[("school", "not-stated")], crossed[("self", "not-stated")]) == ("1", "1")
    assert crossed[("total", "total")] == "4"


def test_the_raw_long_export_gives_each_episodes_newest_value(client, db, org, login):
    unit = _recorded_again_and_again(db, org)
    org["staff"]["cora"].raw_data_access = True
    db.commit()
    login("cora")
    answer = client.post(f"/reports/units/{unit.id}/raw-values.csv")
    rows = list(csv.DictReader(io.StringIO(answer.get_data().decode("utf-8-sig"))))
    values = {(r["Klient"], r["Variabel"]): r["Värde"] for r in rows}
    assert values == {("A", "referral"): "school", ("A", "needs"): "work",
                      ("B", "referral"): "self", ("B", "needs"): "housing",
                      ("C", "referral"): "school", ("D", "referral"): "self"}
    assert len(rows) == len(values)


def test_a_change_after_a_pivot_shows_in_the_next_one(client, db, org, login):
    unit = _recorded_again_and_again(db, org)
    login("cora")
    asked = {"rows": "variable:referral", "columns": "gender", "period": str(YEAR)}

    def cells():
        return _table(client.get(f"/reports/units/{unit.id}/pivot", query_string=asked).get_data(as_text=True))

    assert cells()[("self", "woman")] == "2"
    review = db.scalar(select(RecordReview).where(RecordReview.name == "Andra"))
    d = db.scalar(select(Episode).join(Client).where(Client.code == "D"))
    referral = db.scalar(select(Variable).where(Variable.key == "referral"))
    record_value(db, d, referral, parse_value(spec_of(referral), "school"), review_id=review.id)
    db.commit()
    assert (cells()[("self", "woman")], cells()[("school", "woman")]) == ("1", "3")
    d.client.gender = "man"  # an edit, not a new row
    db.commit()
    assert (cells()[("school", "woman")], cells()[("school", "man")]) == ("2", "1")
