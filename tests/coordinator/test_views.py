"""Coordinators' rounds: creating, opening and closing one, who reaches the reports, the QR codes
of a round."""
from __future__ import annotations

import pytest
import segno
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


def _qr(address: str, unit_name: str) -> str:
    return segno.make(address).svg_inline(scale=6, title=f"QR {unit_name}")


def test_qr_codes_point_to_the_base_url_whatever_the_host_header_says(app, client, password,
                                                                      housing_round):
    app.config["BASE_URL"] = "https://enkat.example.se"
    code = housing_round.round_units[0].code
    forged = {"Host": "evil.example"}
    client.post("/login", data={"username": "cora", "password": password}, headers=forged)
    sheet = client.get(f"/reports/rounds/{housing_round.id}/codes",
                       headers=forged).get_data(as_text=True)
    assert _qr(f"https://enkat.example.se/kiosk/code/{code}", "Sunny home") in sheet
    assert "evil.example" not in sheet


def test_without_a_base_url_production_prints_no_qr_code(app, client, login, housing_round):
    login("cora")
    app.config["TESTING"] = False  # as in production, SURVEY_BASE_URL unset
    sheet = client.get(f"/reports/rounds/{housing_round.id}/codes").get_data(as_text=True)
    assert "<svg" not in sheet and "SURVEY_BASE_URL" in sheet
    code = housing_round.round_units[0].code
    assert f"{code[:4]}-{code[4:]}" in sheet  # the code itself is still printed
