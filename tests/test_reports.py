"""Survey results per unit: share positive per question, groups under 5 hidden."""
from __future__ import annotations

import uuid

import pandas as pd
import pytest

from survey.config import PROJECT_ROOT
from survey.instruments import load_catalogue
from survey.models import RoundStatus, RoundUnit, SurveyRound, Unit
from survey.operations import Submission, record_response
from survey.reporting import round_unit_table

CATALOGUE = load_catalogue(PROJECT_ROOT / "questionnaires")
HOUSING = CATALOGUE.get("ux-housing")
FIRST = HOUSING.items[0]  # yes / sometimes / no / don't know; "yes" is positive


def _frame(answers_by_unit: dict[str, list[str | None]]) -> pd.DataFrame:
    rows, response_id = [], 0
    for unit, answers in answers_by_unit.items():
        for option in answers:
            response_id += 1
            rows.append({"response_id": response_id, "unit": unit, "item_key": FIRST.key, "option_key": option})
    return pd.DataFrame(rows)


def test_share_positive_leaves_dont_know_and_skips_out():
    frame = _frame({"Big": ["yes", "yes", "yes", "sometimes", "no", "dont-know", None]})
    table = round_unit_table(frame, HOUSING, min_group=5)
    big = table[(table.unit == "Big") & (table.item_key == FIRST.key)].iloc[0]
    # 7 respondents; denominator 5 (yes, yes, yes, sometimes, no); positive 3 → 3/5 = 60 %
    assert (big.respondents, big.n, big.share_positive, big.suppressed) == (7, 5, 0.6, False)


def test_a_unit_with_four_answers_is_hidden_but_counts_in_the_organisation():
    frame = _frame({"Big": ["yes"] * 4 + ["no"] * 2, "Tiny": ["yes", "yes", "no", "no"]})
    table = round_unit_table(frame, HOUSING, min_group=5).set_index(["unit", "item_key"])
    tiny = table.loc[("Tiny", FIRST.key)]
    assert tiny.suppressed and pd.isna(tiny.n) and pd.isna(tiny.share_positive)
    whole = table.loc[("all units", FIRST.key)]
    # 10 respondents: yes 4 + 2 = 6 of 10 → 60 %
    assert (whole.n, whole.share_positive) == (10, 0.6)


def test_a_question_with_under_five_real_answers_is_hidden():
    frame = _frame({"Big": ["yes", "yes", "no", "no", "dont-know", "dont-know"]})
    table = round_unit_table(frame, HOUSING, min_group=5)
    big = table[(table.unit == "Big") & (table.item_key == FIRST.key)].iloc[0]
    assert big.respondents == 6 and big.suppressed  # only 4 answers other than "don't know"


def test_the_report_page_hides_a_unit_with_four_answers(app, client, db, org, login):
    small = Unit(name="Small home", service_type="housing")
    db.add(small)
    survey_round = SurveyRound(questionnaire_id="ux-housing", questionnaire_version=1, year=2026,
                               status=RoundStatus.OPEN, round_units=[
                                   RoundUnit(unit=org["units"]["home"]), RoundUnit(unit=small)])
    db.add(survey_round)
    db.flush()
    for unit, options in ((org["units"]["home"], ["yes", "yes", "yes", "no", "no"]),
                          (small, ["yes", "yes", "yes", "yes"])):
        for option in options:
            record_response(db, CATALOGUE, Submission(
                uid=str(uuid.uuid4()), questionnaire_id="ux-housing", questionnaire_version=1,
                unit_id=unit.id, round_id=survey_round.id, language="sv", mode="self",
                answers={FIRST.key: option}))
    db.commit()
    login("cora")
    page = client.get(f"/reports/rounds/{survey_round.id}").get_data(as_text=True)
    row = page.split(FIRST.text["sv"])[1].split("</tr>")[0]
    cells = [c.split("</td>")[0] for c in row.split("<td")[1:]]
    # Columns: all units (9 answers: 7 yes → 78 %), Small home (4: hidden), Sunny home (3 of 5 → 60 %)
    assert "78 %" in cells[0] and "n = 9" in cells[0]
    assert "färre än 5" in cells[1] and "%" not in cells[1]
    assert "60 %" in cells[2] and "n = 5" in cells[2]


@pytest.mark.parametrize("username, status", [("anna", 403), ("cora", 200), ("adam", 200)])
def test_only_coordinators_and_admins_see_results(client, org, login, username, status):
    login(username)
    assert client.get("/reports/").status_code == status
