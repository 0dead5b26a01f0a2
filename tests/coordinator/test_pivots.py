"""Pivot tables through HTTP against numbers worked out here: a unit's own coordinator sees them
exactly, an organisation-level coordinator of another unit under the disclosure rule; saved
pivots; the files; the raw long export for raw-data access only."""
from __future__ import annotations

import csv
import io
import re
from datetime import date

import openpyxl
import pytest
from sqlalchemy import select

from survey.domain.variables import parse_value
from survey.models import AuditEvent, Client, Episode, Role, SavedPivot, StaffUser, Variable
from survey.operations import record_value
from survey.queries import spec_of
from tests.conftest import PASSWORD_HASH

YEAR = 2025


def _table(page: str, period: str) -> dict[tuple[str, str], str]:
    """The counts of a pivot on a page by (row code, column code), as their text."""
    table = re.search(rf'id="pivot-{period}".*?</table>', page, re.S).group(0)
    found = {}
    for value, cells in re.findall(r'<tr data-value="([^"]+)">(.*?)</tr>', table, re.S):
        for column, text in re.findall(r'<td data-column="([^"]+)">(.*?)</td>', cells, re.S):
            found[(value, column)] = re.sub(r"<[^>]+>", "", text.split("<br>")[0]).strip()
    return found


def _shares(page: str, period: str, kind: str) -> dict[tuple[str, str], float]:
    table = re.search(rf'id="pivot-{period}".*?</table>', page, re.S).group(0)
    found = {}
    for value, cells in re.findall(r'<tr data-value="([^"]+)">(.*?)</tr>', table, re.S):
        for column, text in re.findall(r'<td data-column="([^"]+)">(.*?)</td>', cells, re.S):
            share = re.search(rf'data-share="{kind}">([^<]*)<', text).group(1).strip()
            found[(value, column)] = None if share == "–" else float(
                share.replace("\xa0", "").replace("%", "").replace(",", ".").strip())
    return found


@pytest.fixture
def north(db, org):
    """North team's episodes of the year: each a (gender, age, opened, closed, values) made here."""
    unit = org["units"]["north"]
    unit.variables = "referral,bridged"
    anna = org["staff"]["anna"]
    variables = {v.key: v for v in db.scalars(select(Variable).where(Variable.key.in_(["referral", "bridged"])))}

    def add(code, gender, age, opened, closed=None, age_group="18-29", length_group=None, **values):
        client = Client(code=code, unit=unit, therapist=anna, gender=gender, age_group=age_group)
        episode = Episode(client=client, therapist=anna, opened_on=opened, closed_on=closed,
                          age_at_intake=age, length_group=length_group)
        db.add(episode)
        db.flush()
        for key, raw in values.items():
            record_value(db, episode, variables[key], parse_value(spec_of(variables[key]), raw))
        return episode

    return add


def _people(add):
    """Women: 6 aged 25 (referred by school, 4 of them bridged), 3 aged 40 (self); men: 2 aged
    25 (self), 7 aged 70 (not stated); one woman without an age whose survey group is 30-49."""
    made = []
    for n in range(6):
        made.append(add(f"W{n}", "woman", 25, date(YEAR, 2, 1), referral="school",
                        bridged="yes" if n < 4 else "no"))
    made += [add(f"V{n}", "woman", 40, date(YEAR, 3, 1), referral="self") for n in range(3)]
    made += [add(f"M{n}", "man", 25, date(YEAR, 4, 1), referral="self") for n in range(2)]
    made += [add(f"O{n}", "man", 70, date(YEAR, 5, 1)) for n in range(7)]
    made.append(add("X", "woman", None, date(YEAR, 6, 1), age_group="30-49"))
    return made


def test_gender_by_age_group_as_the_units_coordinator_sees_it(client, db, org, login, north):
    _people(north)
    db.commit()
    login("cora")
    page = client.get(f"/reports/units/{org['units']['north'].id}/pivot",
                      query_string={"rows": "gender", "columns": "age", "period": str(YEAR)})
    assert page.status_code == 200
    cells = _table(page.get_data(as_text=True), str(YEAR))
    assert cells[("woman", "18-29")] == "6" and cells[("woman", "30-49")] == "4"  # 3 + X
    assert cells[("man", "18-29")] == "2" and cells[("man", "65+")] == "7"
    assert cells[("woman", "total")] == "10" and cells[("man", "total")] == "9"
    assert cells[("total", "total")] == "19" and cells[("not-stated", "total")] == "0"
    assert db.scalar(select(AuditEvent).where(AuditEvent.detail == "pivot gender x age")) is not None
    # Any dates for her: the episodes that started in February are the six women of 25.
    dated = client.get(f"/reports/units/{org['units']['north'].id}/pivot", query_string={
        "rows": "gender", "columns": "age", "from": f"{YEAR}-02-01", "to": f"{YEAR}-02-28"})
    cells = _table(dated.get_data(as_text=True), "span")
    assert cells[("woman", "18-29")] == "6" and cells[("total", "total")] == "6"


def test_a_variable_by_gender_with_row_and_column_percentages(client, db, org, login, north):
    _people(north)
    db.commit()
    login("cora")
    page = client.get(f"/reports/units/{org['units']['north'].id}/pivot", query_string={
        "rows": "variable:referral", "columns": "gender", "period": str(YEAR), "pct": ["row", "column"]})
    text = page.get_data(as_text=True)
    cells = _table(text, str(YEAR))
    # school: 6 women; self: 3 women and 2 men; not stated: 7 men and X.
    assert (cells[("school", "woman")], cells[("self", "woman")], cells[("self", "man")]) == ("6", "3", "2")
    assert (cells[("not-stated", "man")], cells[("not-stated", "woman")]) == ("7", "1")
    rows = _shares(text, str(YEAR), "row")
    assert rows[("self", "woman")] == round(100 * 3 / 5, 1) and rows[("self", "man")] == 40.0
    columns = _shares(text, str(YEAR), "column")
    assert columns[("school", "woman")] == round(100 * 6 / 10, 1)
    assert columns[("not-stated", "man")] == round(100 * 7 / 9, 1)


def test_a_yes_no_variable_by_length_of_intervention(client, db, org, login, north):
    # 0-2 months: closed after 6 weeks (3 yes, 1 no); 3-5: closed after 4 months (2 no);
    # 6-11: still open, measured to the year's end (364 days: under 12 months; 1 yes), and as
    # a file gave it (1 yes).
    for n in range(4):
        north(f"A{n}", "woman", 30, date(YEAR, 1, 1), date(YEAR, 2, 15), bridged="yes" if n < 3 else "no")
    for n in range(2):
        north(f"B{n}", "man", 30, date(YEAR, 1, 1), date(YEAR, 5, 1), bridged="no")
    north("C", "man", 30, date(YEAR, 1, 1), None, bridged="yes")
    north("D", "man", 30, date(YEAR, 1, 1), None, length_group="6-11", bridged="yes")
    north("E", "man", 30, date(YEAR, 1, 1), date(YEAR, 1, 20))  # 0-2 months, bridged not stated
    db.commit()
    login("cora")
    page = client.get(f"/reports/units/{org['units']['north'].id}/pivot", query_string={
        "rows": "variable:bridged", "columns": "length", "period": str(YEAR)})
    cells = _table(page.get_data(as_text=True), str(YEAR))
    assert (cells[("yes", "0-2")], cells[("no", "0-2")], cells[("not-stated", "0-2")]) == ("3", "1", "1")
    assert (cells[("no", "3-5")], cells[("yes", "6-11")], cells[("yes", "12-23")]) == ("2", "2", "0")
    assert cells[("yes", "total")] == "5" and cells[("total", "total")] == "9"


@pytest.fixture
def olga(db, org):
    """A coordinator of South team with organisation-wide results: North team's records are not
    hers to open."""
    db.add(StaffUser(username="olga", display_name="Olga", role=Role.COORDINATOR,
                     units=[org["units"]["south"]], organisation_wide=True, password_hash=PASSWORD_HASH))
    db.commit()


def test_the_same_table_for_a_viewer_who_may_not_open_the_records(client, db, org, login, north, olga):
    _people(north)
    db.commit()
    login("olga")
    page = client.get("/reports/organisation/pivot", query_string={
        "rows": "gender", "columns": "age", "period": str(YEAR), "unit": org["units"]["north"].id})
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    cells = _table(text, str(YEAR))
    few, other = "färre än 5", "dold för att skydda en annan grupp"
    assert cells[("man", "18-29")] == few and cells[("woman", "30-49")] == few
    # Each row and column with a hidden cell has another hidden beside it, so no total gives
    # one away: the two small cells lie in different rows and columns.
    hidden = {cell for cell, text in cells.items() if text in (few, other)}
    ages = ("0-5", "6-12", "13-17", "18-29", "30-49", "50-64", "65+", "not-stated")
    lines = [((r, "total"), [(r, c) for c in ages]) for r in ("woman", "man", "total")]
    lines += [(("total", c), [(r, c) for r in ("woman", "man", "other", "not-stated")])
              for c in (*ages, "total")]
    for whole, parts in lines:
        assert whole in hidden or len(hidden & set(parts)) != 1, whole
    assert other in cells.values()
    shares = client.get("/reports/organisation/pivot", query_string={
        "rows": "gender", "columns": "age", "period": str(YEAR), "unit": org["units"]["north"].id,
        "pct": "row"}).get_data(as_text=True)
    row = re.search(r'<tr data-value="man">(.*?)</tr>', shares, re.S).group(1)
    small = re.search(r'<td data-column="18-29">(.*?)</td>', row, re.S).group(1)
    assert small.count(few) == 2  # the count and its share
    by_unit = client.get("/reports/organisation/pivot", query_string={
        "rows": "unit", "columns": "gender", "period": str(YEAR)}).get_data(as_text=True)
    north_id = str(org["units"]["north"].id)
    # Every man of the year came in the second quarter, whose one woman hides its men: so the
    # year's men are hidden too (else they are the quarter's).
    assert _table(by_unit, str(YEAR))[(north_id, "man")] == other
    assert _table(by_unit, str(YEAR))[(north_id, "total")] == "19" and ">North team<" in by_unit
    assert "id=\"hidden-note\"" in text
    # No arbitrary dates for her: a from/to is not taken, the year is shown.
    dated = client.get("/reports/organisation/pivot", query_string={
        "rows": "gender", "columns": "age", "from": f"{YEAR}-02-01", "to": f"{YEAR}-03-01"})
    assert f'id="pivot-{date.today().year}"' in dated.get_data(as_text=True)
    assert client.get(f"/reports/units/{org['units']['north'].id}/pivot").status_code == 404


def test_two_periods_side_by_side_hide_with_one_pattern(client, db, org, login, north, olga):
    _people(north)
    north("N", "woman", 25, date(YEAR - 1, 2, 1))
    db.commit()
    login("olga")
    asked = {"rows": "gender", "columns": "age", "period": str(YEAR)}
    page = client.get("/reports/organisation/pivot", query_string=asked | {
        "compare": str(YEAR - 1)}).get_data(as_text=True)
    alone = client.get("/reports/organisation/pivot", query_string=asked).get_data(as_text=True)
    assert _table(page, str(YEAR - 1))[("woman", "18-29")] == "färre än 5"
    assert _table(page, str(YEAR - 1))[("woman", "total")] == "färre än 5"
    # The year's table is the same beside the other year as alone: one pattern for both.
    assert _table(page, str(YEAR)) == _table(alone, str(YEAR))
    assert _table(page, str(YEAR))[("total", "total")] == "19"


def test_a_saved_pivot_comes_back_with_its_choices(client, db, org, login, north):
    db.commit()  # North team records referral
    login("cora")
    unit_id = org["units"]["north"].id
    answer = client.post(f"/reports/units/{unit_id}/pivots", data={
        "name": "Remittent per kön", "rows": "variable:referral", "columns": "gender",
        "scheme": "ten-years", "length_groups": "0-5, 6+", "pct": ["total"]})
    assert answer.status_code == 302
    saved = db.scalar(select(SavedPivot))
    assert (saved.name, saved.settings["rows"], saved.settings["percentages"]) == (
        "Remittent per kön", "variable:referral", ["total"])
    opened = client.get(f"/reports/units/{unit_id}/pivot", query_string={"saved": saved.id})
    assert "rows=variable:referral" in opened.location and "pct=total" in opened.location
    page = client.get(opened.location).get_data(as_text=True)
    assert "Remittent per kön" in page and 'data-share="total"' in page
    assert client.post(f"/reports/units/{unit_id}/pivots/{saved.id}/delete").status_code == 302
    assert db.scalar(select(SavedPivot).where(SavedPivot.id == saved.id).execution_options(
        populate_existing=True)) is None
    refused = client.post(f"/reports/units/{unit_id}/pivots", data={"name": "x", "rows": "gender",
                                                                    "columns": "gender"})
    assert refused.status_code == 302 and db.scalar(select(SavedPivot).where(SavedPivot.name == "x")) is None


def test_the_files_of_a_pivot(client, db, org, login, north, olga):
    _people(north)
    db.commit()
    login("olga")
    query = {"rows": "gender", "columns": "age", "period": str(YEAR), "unit": org["units"]["north"].id}
    answer = client.post("/reports/organisation/pivot.csv", query_string=query)
    rows = list(csv.reader(io.StringIO(answer.get_data().decode("utf-8-sig"))))
    women = next(r for r in rows if r[1] == "Kvinna")
    assert women[0] == str(YEAR) and "färre än 5" in women and "0" in women
    assert next(r for r in rows if r[1] == "Totalt")[-1] == "19"
    assert any("färre än 5" in r[0] and "skydda" in r[0] for r in rows)  # the note
    workbook = openpyxl.load_workbook(io.BytesIO(client.post("/reports/organisation/pivot.xlsx",
                                                             query_string=query).data))
    assert workbook.sheetnames == [str(YEAR), "Noter"]
    sheet = workbook[str(YEAR)]
    assert [c.value for c in sheet["A"]][1:3] == ["Kvinna", "Man"]
    assert "färre än 5" in workbook["Noter"]["A2"].value


def test_the_raw_long_export_needs_raw_data_access(client, db, org, login, north):
    made = _people(north)
    db.commit()
    unit_id = org["units"]["north"].id
    login("cora")
    assert client.post(f"/reports/units/{unit_id}/raw-values.csv").status_code == 403
    org["staff"]["cora"].raw_data_access = True
    db.commit()
    answer = client.post(f"/reports/units/{unit_id}/raw-values.csv")
    rows = list(csv.DictReader(io.StringIO(answer.get_data().decode("utf-8-sig"))))
    first = [r for r in rows if r["Klient"] == "W0"]
    assert {r["Variabel"] for r in first} == {"referral", "bridged"}
    school = next(r for r in first if r["Variabel"] == "referral")
    assert (school["Värde"], school["Påbörjad (månad)"], school["Enhet"]) == ("school", f"{YEAR}-02", "North team")
    assert len(rows) == 2 * 6 + 3 + 2  # referral and bridged of W*, referral of V* and M*
    assert all(re.fullmatch(r"\d{4}-\d{2}", r["Påbörjad (månad)"]) for r in rows)
    assert len(made) == 19


def test_a_viewer_under_the_rule_reads_one_grouping_only(client, db, org, login, north, olga):
    # 18-29 in the survey's groups beside 18-24 and 25-29 in the adults' would give a hidden
    # group away by subtraction: her groups stay the first scheme's and the default ones.
    _people(north)
    db.commit()
    asked = {"rows": "gender", "columns": "age", "period": str(YEAR), "scheme": "adults",
             "number_groups": "0, 1, 2, 3+", "length_groups": "0, 1, 2, 3+"}
    login("olga")
    page = client.get("/reports/organisation/pivot", query_string=asked).get_data(as_text=True)
    columns = {column for _row, column in _table(page, str(YEAR))}
    assert {"18-29", "65+"} <= columns and "25-34" not in columns
    assert 'id="fixed-groups"' in page and 'name="scheme"' not in page
    assert "0, 1-2, 3-5, 6-10, 11+" in page and "0, 1, 2, 3+" not in page
    login("cora")
    own = client.get(f"/reports/units/{org['units']['north'].id}/pivot", query_string=asked).get_data(as_text=True)
    assert "25-34" in {column for _row, column in _table(own, str(YEAR))}
    assert 'id="fixed-groups"' not in own
