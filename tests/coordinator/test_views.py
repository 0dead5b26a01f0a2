"""Coordinators' rounds: creating, opening and closing one, who reaches the reports, the QR codes
of a round."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from survey.models import RoundStatus, SurveyRound


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


@pytest.mark.parametrize("username, status", [("anna", 403), ("cora", 200), ("adam", 200)])
def test_only_coordinators_and_admins_see_results(client, org, login, username, status):
    login(username)
    assert client.get("/reports/").status_code == status


def test_coordinators_print_a_qr_code_per_unit(client, login, housing_round):
    login("cora")
    sheet = client.get(f"/reports/rounds/{housing_round.id}/codes").get_data(as_text=True)
    code = housing_round.round_units[0].code
    assert sheet.count("<svg") == 1 and f"{code[:4]}-{code[4:]}" in sheet and "Sunny home" in sheet
    login("anna")
    assert client.get(f"/reports/rounds/{housing_round.id}/codes").status_code == 403
