"""The coordinators' pages and files in the reader's own language: a round, a scope, the unit
follow-up report in Danish and English (the account's language), and the exports in English with
English headers and numbers left as numbers."""
from __future__ import annotations

import csv
import io
import re
from datetime import date

import pytest
from openpyxl import load_workbook

from survey.models import RoundStatus, RoundUnit, SurveyRound
from survey.operations import parsed, record_value, register_client, set_plan
from survey.queries import current_variables

# Words each page shows in the language, and the Swedish they replace.
ROUND_WORDS = {"da": ["Andel positive svar", "Svar pr. enhed", "Svarprocent", "Hele organisationen",
                      "Printvenlig rapport"],
               "en": ["Share of positive answers", "Answers per unit", "Response rate",
                      "Whole organisation", "Printable report"]}
ROUND_SWEDISH = ["Andel positiva svar", "Svar per enhet", "Svarsfrekvens", "Hela organisationen",
                 "Utskriftsvänlig rapport", "färre än", "tillfrågade"]
SCOPE_WORDS = {"da": ["Svar pr. spørgsmål", "Kvinder og mænd", "Aldersgrupper", "Forrige runde",
                      "besvarelser af 20 adspurgte", "procentpoint", "færre end 5"],
               "en": ["Answers per question", "Women and men", "Age groups", "Last round",
                      "respondents of 20 asked", "percentage points", "fewer than 5"]}
SCOPE_SWEDISH = ["Svar per fråga", "Kvinnor och män", "Åldersgrupper", "Förra omgången",
                 "svarande av", "procentenhet", "färre än", "Förändring"]
FOLLOW_UP_WORDS = {"da": ["Opfølgning – North team", "Indsatser: planlagt og gennemført", "Forløb",
                          "Forløb efter køn", "I alt"],
                   "en": ["Follow-up – North team", "Interventions: planned and delivered",
                          "Episodes", "Episodes by gender", "Total"]}
FOLLOW_UP_SWEDISH = ["Insatser", "Ärenden", "Avslutade", "färre än", "Totalt", "Inställningar"]


@pytest.fixture
def answered(app, db, org, login, paper_round, paper_csv, upload_paper):
    """The paper round answered, and last year's round of Sunny home answered less positively
    (5 yes of 10): Cora sees the whole organisation."""
    before = SurveyRound(questionnaire_id="ux-housing", questionnaire_version=1, year=2025,
                         status=RoundStatus.OPEN,
                         round_units=[RoundUnit(unit=org["units"]["home"], eligible=10)])
    db.add(before)
    org["staff"]["cora"].organisation_wide = True
    db.commit()
    login("cora")
    last_year = [("Sunny home", "woman", answer) for answer in ["yes"] * 5 + ["no"] * 5]
    assert upload_paper(before.id, paper_csv(last_year)).status_code == 302
    assert upload_paper(paper_round.id, paper_csv()).status_code == 302
    return paper_round


def _speaks(db, org, language: str) -> None:
    org["staff"]["cora"].language = language
    db.commit()


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_round_and_scope_pages_speak_the_readers_language(client, db, org, answered, language):
    _speaks(db, org, language)
    page = client.get(f"/reports/rounds/{answered.id}").get_data(as_text=True)
    assert f'<html lang="{language}">' in page
    assert all(word in page for word in ROUND_WORDS[language]), page
    assert not [word for word in ROUND_SWEDISH if word in page]
    # Shares as the language writes them: Danish 65 % (with a no-break space), English 65%.
    assert ("65\xa0%" if language == "da" else "65%") in page

    sunny = org["units"]["home"].id
    page = client.get(f"/reports/rounds/{answered.id}/units/{sunny}").get_data(as_text=True)
    assert all(word in page for word in SCOPE_WORDS[language]), page
    assert not [word for word in SCOPE_SWEDISH if word in page]
    # 6 of 11 this year against 5 of 10 last year: +4.5 points, shown as +5, with its unit.
    unit = "procentpoint" if language == "da" else "percentage points"
    assert re.search(rf"<td>\+5 {unit}</td>", page)

    opened = client.post(f"/reports/rounds/{answered.id}/status", data={"status": "closed"},
                         follow_redirects=True).get_data(as_text=True)
    assert ("Runden er nu lukket." if language == "da" else "The round is now closed.") in opened
    assert "Omgången" not in opened


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_unit_follow_up_report_speaks_the_readers_language(client, db, org, login, language):
    north = org["units"]["north"]
    north.variables = "referral"
    for number in range(3):  # three women referred by themselves (exact for the unit's own staff)
        found = register_client(db, org["staff"]["anna"], north, f"L-{number}", "woman", "30-49",
                                date(2026, 1, 1))
        set_plan(db, found.episodes[0], "counselling", None, None)
        (referral,) = current_variables(db, north)
        record_value(db, found.episodes[0], referral, parsed(referral, "self"))
    db.commit()
    _speaks(db, org, language)
    login("cora")
    page = client.get(f"/reports/units/{north.id}/follow-up").get_data(as_text=True)
    assert all(word in page for word in FOLLOW_UP_WORDS[language]), page
    assert not [word for word in FOLLOW_UP_SWEDISH if word in page]

    book = load_workbook(io.BytesIO(client.post(f"/reports/units/{north.id}/follow-up.xlsx").data))
    delivery = list(book[book.sheetnames[0]].iter_rows(values_only=True))
    if language == "en":
        assert book.sheetnames[:3] == ["Interventions", "Stopped coming", "Goals"]
        assert delivery[0][:3] == ("Intervention", "Episodes", "Closed")
    assert delivery[1][1] == 3  # a count stays a number
    crosstab = next(book[name] for name in book.sheetnames if name.endswith(
        "efter køn" if language == "da" else "by gender"))
    cells = [cell.value for row in crosstab.iter_rows() for cell in row]
    # Cora works in the unit and may open every client behind the table: the 3 is shown exactly
    # (hidden cells' words in each language: test_exports_in_english_have_english_headers…).
    assert 3 in cells and not [c for c in cells if c in ("færre end 5", "fewer than 5")]


def test_exports_in_english_have_english_headers_and_plain_numbers(client, db, org, answered):
    org["staff"]["cora"].raw_data_access = True
    _speaks(db, org, "en")
    book = load_workbook(io.BytesIO(client.post(f"/reports/rounds/{answered.id}/export.xlsx").data))
    assert {"Summary", "Whole organisation", "Sunny home", "Raw data",
            "Hidden figures"} <= set(book.sheetnames)
    question = "Can you decide what you do in your free time?"
    summary = {row[0]: row[1:] for row in book["Summary"].iter_rows(values_only=True)}
    assert summary["Question (share positive, %)"][0] == "Whole organisation"
    # Numbers stay numbers (54.5, not "54,5" or "55%"); hidden cells say why in English.
    assert summary[question] == (65.0, "hidden to protect another group", "fewer than 5", 54.5)
    sunny = list(book["Sunny home"].iter_rows(values_only=True))
    assert sunny[0] == ("Question", "Answer", "Count", "Percent")
    assert (question, "Yes", 6, 54.5) in sunny and (question, "No answer", 1, None) in sunny
    note = book["Hidden figures"]["A2"].value
    assert book["Hidden figures"]["A1"].value == "Explanation" and note.startswith("Groups of fewer than 5")

    raw = list(csv.DictReader(io.StringIO(
        client.post(f"/reports/rounds/{answered.id}/export.csv").get_data(as_text=True).lstrip("\ufeff"))))
    first = [row for row in raw if row["question"] == question]
    assert len(first) == 23 and {row["answer"] for row in first} >= {"Yes", "No"}
    assert {row["positive"] for row in first} == {"True", "False", ""}  # "": unanswered


def test_a_change_since_last_year_has_its_unit_in_swedish(client, org, answered):
    sunny = org["units"]["home"].id
    page = client.get(f"/reports/rounds/{answered.id}/units/{sunny}").get_data(as_text=True)
    # 6 of 11 (55 %) against 5 of 10 (50 %) last year.
    assert "<td>50\xa0%</td>" in page and re.search(r"<td>\+5 procentenheter</td>", page)
