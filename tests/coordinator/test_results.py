"""Yearly survey results: the paper forms of ``PAPER_ROWS`` (tests/conftest.py) checked on the
page, in the XLSX and in the CSV against counts and percentages worked out by hand."""
from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

from survey.models import Response


def _q1(app):
    return app.extensions["survey_catalogue"].get("ux-housing").items[0]  # yes/sometimes/no/don't know


def test_paper_answers_agree_on_page_xlsx_and_csv(
        app, client, db, org, login, paper_round, paper_csv, upload_paper, count):
    org["staff"]["cora"].organisation_wide = True
    db.commit()
    login("cora")
    sent = upload_paper(paper_round.id, paper_csv())  # the 23 forms of PAPER_ROWS
    assert sent.status_code == 302, sent.get_data(as_text=True)
    assert count(Response) == 23
    q1 = _q1(app)

    sunny_id = org["units"]["home"].id
    page = client.get(f"/reports/rounds/{paper_round.id}/units/{sunny_id}").get_data(as_text=True)
    row = page.split(q1.text["sv"])[1].split("</tr>")[0]
    # Sunny home, first question: yes 3 + 1 (“Ja”) + 2 = 6, sometimes 2, no 1 + 2 = 3,
    # don't know 2 (kept out), unanswered 1. Denominator 6 + 2 + 3 = 11; 6 / 11 = 54.5 %.
    for text in ("Ja: 6 (55\xa0%)", "Ibland: 2 (18\xa0%)", "Nej: 3 (27\xa0%)", "<td>2</td><td>1</td>",
                 "<strong>55\xa0%</strong>", "n = 11"):
        assert text in row, text
    assert "14 svarande av 20 tillfrågade (70\xa0%)" in page
    gender = page.split("Kvinnor och män")[1].split(q1.text["sv"])[1].split("</tr>")[0]
    # Women: 5, shown alone they would be 3 of 5 = 60 %; but the organisation's women minus Big
    # home's and Sunny home's would give Small home's 3 women, so they are hidden to protect
    # them. Men: 2 respondents, too few. Not stated: 5 respondents but only 4 answers besides
    # "don't know", too few as well.
    cells = [c.split("</td>")[0] for c in gender.split("<td")[1:]]
    assert "dold för att skydda en annan grupp" in cells[0] and "60\xa0%" not in cells[0]
    assert "färre än 5" in cells[1] and "färre än 5" in cells[2]

    overview = client.get(f"/reports/rounds/{paper_round.id}").get_data(as_text=True)
    cells = [c.split("</td>")[0] for c in overview.split(q1.text["sv"])[1].split("</tr>")[0].split("<td")[1:]]
    # Columns: organisation, Big home, Small home, Sunny home.
    # Organisation: 13 yes of 11 + 6 + 3 = 20 → 65 %; Big home: 4 of 6 = 67 % but hidden with
    # Small home (3 respondents), so that Small home cannot be worked out.
    assert "65\xa0%" in cells[0] and "n = 20" in cells[0]
    assert "dold" in cells[1] and "färre än 5" in cells[2] and "55\xa0%" in cells[3]

    book = load_workbook(io.BytesIO(client.post(f"/reports/rounds/{paper_round.id}/export.xlsx").data))
    assert "Rådata" not in book.sheetnames  # Cora may not see raw answers
    summary = {r[0]: r[1:] for r in book["Sammanfattning"].iter_rows(values_only=True)}
    assert summary[q1.text["sv"]] == (65.0, "dold för att skydda en annan grupp", "färre än 5", 54.5)
    sunny = [r for r in book["Sunny home"].iter_rows(values_only=True) if r[0] == q1.text["sv"]]
    assert [tuple(r[1:]) for r in sunny] == [("Ja", 6, 54.5), ("Ibland", 2, 18.2), ("Nej", 3, 27.3),
                                            ("Vet inte / vill inte svara", 2, None), ("Ej svar", 1, None),
                                            ("Andel positiva (%)", None, 54.5)]

    assert client.post(f"/reports/rounds/{paper_round.id}/export.csv").status_code == 403
    login("adam")  # an admin sees raw answers
    raw = list(csv.DictReader(io.StringIO(
        client.post(f"/reports/rounds/{paper_round.id}/export.csv").get_data(as_text=True).lstrip("\ufeff"))))
    first = [r for r in raw if r["question_key"] == q1.key]
    assert len(raw) == 23 * len(app.extensions["survey_catalogue"].get("ux-housing").items)
    assert sum(r["answer_key"] == "yes" for r in first) == 13 and sum(r["positive"] == "True" for r in first) == 13
    assert {r["source"] for r in raw} == {"paper"} and {r["answer"] for r in first if r["answer_key"] == "no"} == {"Nej"}
    book = load_workbook(io.BytesIO(client.post(f"/reports/rounds/{paper_round.id}/export.xlsx").data))
    assert book["Rådata"].max_row == len(raw) + 1


def test_a_round_without_answers_yet_shows_empty_pages(app, client, db, org, login, housing_round):
    org["staff"]["cora"].organisation_wide = True
    db.commit()
    login("cora")
    home = org["units"]["home"].id
    for path in ("", "/organisation", f"/units/{home}", "/print"):
        assert client.get(f"/reports/rounds/{housing_round.id}{path}").status_code == 200, path
    assert client.post(f"/reports/rounds/{housing_round.id}/export.xlsx").status_code == 200
    page = client.get(f"/reports/rounds/{housing_round.id}/organisation").get_data(as_text=True)
    assert "0 svarande av 12 tillfrågade (0\xa0%)" in page and "färre än 5" in page
