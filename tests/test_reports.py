"""Yearly survey results: a paper file with known answers, checked on the page, in the XLSX and
in the CSV against counts and percentages worked out by hand."""
from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from survey.models import (
    ImportBatch,
    Response,
    RoundStatus,
    RoundUnit,
    SurveyRound,
    Unit,
)


def _q1(app):
    return app.extensions["survey_catalogue"].get("ux-housing").items[0]  # yes/sometimes/no/don't know


@pytest.fixture
def paper_round(db, org):
    big, small = Unit(name="Big home", service_type="housing"), Unit(name="Small home", service_type="housing")
    db.add_all([big, small])
    survey_round = SurveyRound(questionnaire_id="ux-housing", questionnaire_version=1, year=2026,
                               status=RoundStatus.OPEN, round_units=[
                                   RoundUnit(unit=org["units"]["home"], eligible=20),
                                   RoundUnit(unit=big, eligible=10), RoundUnit(unit=small, eligible=4)])
    db.add(survey_round)
    db.commit()
    return survey_round


def _csv(app, rows) -> bytes:
    keys = [i.key for i in app.extensions["survey_catalogue"].get("ux-housing").items]
    lines = [",".join(["unit", "form", "gender", "age_group", "mode", *keys])]
    for number, (unit, gender, q1) in enumerate(rows, start=1):
        lines.append(",".join([unit, str(number), gender, "30-49", "self", q1] + [""] * (len(keys) - 1)))
    return ("\n".join(lines) + "\n").encode()


# Sunny home: 7 women, 2 men, 5 not stated; Big home: 6; Small home: 3 (under 5).
ROWS = (
    [("Sunny home", "kvinna", a) for a in ("yes", "yes", "yes", "sometimes", "no", "dont-know", "")]
    + [("Sunny home", "man", a) for a in ("Ja", "sometimes")]
    + [("Sunny home", "", a) for a in ("yes", "no", "no", "Vet inte / vill inte svara", "yes")]
    + [("Big home", "woman", a) for a in ("yes", "yes", "yes", "yes", "no", "no")]
    + [("Small home", "woman", "yes")] * 2 + [("Small home", "woman", "Yes")]
)


def _upload(client, round_id, content: bytes, name="paper.csv"):
    return client.post(f"/reports/rounds/{round_id}/import",
                       data={"file": (io.BytesIO(content), name)}, content_type="multipart/form-data")


def test_paper_answers_agree_on_page_xlsx_and_csv(app, client, db, org, login, paper_round):
    login("cora")
    sent = _upload(client, paper_round.id, _csv(app, ROWS))
    assert sent.status_code == 302, sent.get_data(as_text=True)
    assert db.scalar(select(func.count()).select_from(Response)) == 23
    q1 = _q1(app)

    sunny_id = org["units"]["home"].id
    page = client.get(f"/reports/rounds/{paper_round.id}/units/{sunny_id}").get_data(as_text=True)
    row = page.split(q1.text["sv"])[1].split("</tr>")[0]
    # Sunny home, first question: yes 3 + 1 (“Ja”) + 2 = 6, sometimes 2, no 1 + 2 = 3,
    # don't know 2 (kept out), unanswered 1. Denominator 6 + 2 + 3 = 11; 6 / 11 = 54.5 %.
    for text in ("Ja: 6 (55 %)", "Ibland: 2 (18 %)", "Nej: 3 (27 %)", "<td>2</td><td>1</td>",
                 "<strong>55 %</strong>", "n = 11"):
        assert text in row, text
    assert "14 svarande av 20 tillfrågade (70 %)" in page
    gender = page.split("Kvinnor och män")[1].split(q1.text["sv"])[1].split("</tr>")[0]
    # Women: yes 3, sometimes 1, no 1 → 3 of 5 = 60 %. Men: 2 respondents, too few. Not stated:
    # 5 respondents but only 4 answers besides "don't know", too few as well.
    cells = [c.split("</td>")[0] for c in gender.split("<td")[1:]]
    assert "60 %" in cells[0] and "3 av 5" in cells[0]
    assert "färre än 5" in cells[1] and "färre än 5" in cells[2]

    overview = client.get(f"/reports/rounds/{paper_round.id}").get_data(as_text=True)
    cells = [c.split("</td>")[0] for c in overview.split(q1.text["sv"])[1].split("</tr>")[0].split("<td")[1:]]
    # Columns: organisation, Big home, Small home, Sunny home.
    # Organisation: 13 yes of 11 + 6 + 3 = 20 → 65 %; Big home: 4 of 6 = 67 % but hidden with
    # Small home (3 respondents), so that Small home cannot be worked out.
    assert "65 %" in cells[0] and "n = 20" in cells[0]
    assert "dold" in cells[1] and "färre än 5" in cells[2] and "55 %" in cells[3]

    book = load_workbook(io.BytesIO(client.get(f"/reports/rounds/{paper_round.id}/export.xlsx").data))
    assert "Rådata" not in book.sheetnames  # Cora may not see raw answers
    summary = {r[0]: r[1:] for r in book["Sammanfattning"].iter_rows(values_only=True)}
    assert summary[q1.text["sv"]] == (65.0, "dold (skyddar en liten grupp)", "färre än 5", 54.5)
    sunny = [r for r in book["Sunny home"].iter_rows(values_only=True) if r[0] == q1.text["sv"]]
    assert [tuple(r[1:]) for r in sunny] == [("Ja", 6, 54.5), ("Ibland", 2, 18.2), ("Nej", 3, 27.3),
                                            ("Vet inte / vill inte svara", 2, None), ("Ej svar", 1, None),
                                            ("Andel positiva (%)", None, 54.5)]

    assert client.get(f"/reports/rounds/{paper_round.id}/export.csv").status_code == 403
    login("adam")  # an admin sees raw answers
    raw = list(csv.DictReader(io.StringIO(
        client.get(f"/reports/rounds/{paper_round.id}/export.csv").get_data(as_text=True).lstrip("\ufeff"))))
    first = [r for r in raw if r["question_key"] == q1.key]
    assert len(raw) == 23 * len(app.extensions["survey_catalogue"].get("ux-housing").items)
    assert sum(r["answer_key"] == "yes" for r in first) == 13 and sum(r["positive"] == "ja" for r in first) == 13
    assert {r["source"] for r in raw} == {"paper"} and {r["answer"] for r in first if r["answer_key"] == "no"} == {"Nej"}
    book = load_workbook(io.BytesIO(client.get(f"/reports/rounds/{paper_round.id}/export.xlsx").data))
    assert book["Rådata"].max_row == len(raw) + 1


def test_the_same_file_is_not_imported_twice(app, client, db, org, login, paper_round):
    login("cora")
    content = _csv(app, ROWS)
    assert _upload(client, paper_round.id, content).status_code == 302
    again = _upload(client, paper_round.id, content)
    assert again.status_code == 409 and "redan inlagd" in again.get_data(as_text=True)
    # A corrected copy with one more form: the numbered forms already in are not stored again.
    corrected = _csv(app, ROWS + [("Big home", "man", "no")])
    assert _upload(client, paper_round.id, corrected, "paper-v2.csv").status_code == 302
    assert db.scalar(select(func.count()).select_from(Response)) == 24
    assert db.scalar(select(func.count()).select_from(ImportBatch)) == 2


def test_a_broken_file_stores_nothing_and_names_every_error(app, client, db, org, login, paper_round):
    login("cora")
    keys = [i.key for i in app.extensions["survey_catalogue"].get("ux-housing").items]
    header = ["unit", "gender", "age_group", "mode", *keys[:-1]]  # the last question is missing
    blank = [""] * (len(keys) - 2)
    lines = [header,
             ["Sunny home", "woman", "30-49", "self", "yes", *blank],
             ["Moon home", "woman", "30-49", "self", "yes", *blank],      # unknown unit
             ["Sunny home", "man", "30-49", "self", "maybe", *blank],     # unknown option
             ["Sunny home", "woman", "30-49", "self", "yes", *blank]]     # same as row 2
    content = "\n".join(",".join(line) for line in lines).encode()
    sent = _upload(client, paper_round.id, content)
    text = sent.get_data(as_text=True)
    assert sent.status_code == 422
    for expected in (f"column {keys[-1]}", "row 3, column unit", "row 4, column " + keys[0],
                     "maybe", "row 5", "duplicate respondent"):
        assert expected in text, expected
    assert db.scalar(select(func.count()).select_from(Response)) == 0
    assert db.scalar(select(func.count()).select_from(ImportBatch)) == 0


def test_a_coordinator_creates_opens_and_closes_a_round(client, db, org, login):
    login("cora")
    home = org["units"]["home"]
    made = client.post("/reports/rounds/new", data={
        "questionnaire": "ux-housing@1", "year": "2027", "opens_on": "2027-09-01", "closes_on": "2027-10-15",
        f"unit-{home.id}": "1", f"eligible-{home.id}": "12"})
    assert made.status_code == 302
    survey_round = db.scalar(select(SurveyRound).where(SurveyRound.year == 2027))
    assert survey_round.status is RoundStatus.DRAFT and survey_round.round_units[0].eligible == 12
    for status in ("open", "closed"):
        client.post(f"/reports/rounds/{survey_round.id}/status", data={"status": status})
        db.expire_all()
        assert survey_round.status.value == status
    refused = client.post("/reports/rounds/new", data={"questionnaire": "ux-housing@1", "year": "2027"})
    assert refused.status_code == 422 and "Välj minst en enhet" in refused.get_data(as_text=True)


def test_a_closed_round_takes_no_paper_answers(app, client, db, org, login, paper_round):
    paper_round.status = RoundStatus.CLOSED
    db.commit()
    login("cora")
    sent = _upload(client, paper_round.id, _csv(app, ROWS[:5]))
    assert sent.status_code == 422 and "not open" in sent.get_data(as_text=True)
    assert db.scalar(select(func.count()).select_from(Response)) == 0


def test_the_template_has_the_columns_an_import_expects(app, client, org, login, paper_round):
    login("cora")
    book = load_workbook(io.BytesIO(client.get(f"/reports/rounds/{paper_round.id}/template.xlsx").data))
    header = next(book["Svar"].iter_rows(values_only=True))
    keys = [i.key for i in app.extensions["survey_catalogue"].get("ux-housing").items]
    assert list(header) == ["unit", "form", "gender", "age_group", "mode", *keys]


@pytest.mark.parametrize("username, status", [("anna", 403), ("cora", 200), ("adam", 200)])
def test_only_coordinators_and_admins_see_results(client, org, login, username, status):
    login(username)
    assert client.get("/reports/").status_code == status


def test_export_and_import_from_the_command_line(app, runner, db, org, paper_round, tmp_path):
    source = tmp_path / "paper.csv"
    source.write_bytes(_csv(app, ROWS))
    imported = runner.invoke(args=["import-responses", "--round", str(paper_round.id), str(source)])
    assert imported.exit_code == 0 and "Imported 23 responses" in imported.output
    again = runner.invoke(args=["import-responses", "--round", str(paper_round.id), str(source)])
    assert again.exit_code != 0 and "already imported" in again.output
    target = tmp_path / "raw.csv"
    assert runner.invoke(args=["export", "--round", str(paper_round.id), "--format", "csv",
                               "--output", str(target)]).exit_code == 0
    assert len(target.read_text(encoding="utf-8-sig").splitlines()) == 1 + 23 * 11


def test_a_round_without_answers_yet_shows_empty_pages(app, client, db, org, login, housing_round):
    login("cora")
    home = org["units"]["home"].id
    for path in ("", "/organisation", f"/units/{home}", "/print", "/export.xlsx"):
        assert client.get(f"/reports/rounds/{housing_round.id}{path}").status_code == 200, path
    page = client.get(f"/reports/rounds/{housing_round.id}/organisation").get_data(as_text=True)
    assert "0 svarande av 12 tillfrågade (0 %)" in page and "färre än 5" in page
