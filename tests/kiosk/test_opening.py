"""How a questionnaire reaches the tablet: round codes typed or scanned, the setup they lead to,
guessing them limited, and a staff member's hand-over."""
from __future__ import annotations

import pytest

from survey.models import RoundStatus
from survey.web import tickets


def test_a_round_code_setup_offers_slow_speech_and_moving_on_after_a_tap(app, client, housing_round):
    code = housing_round.round_units[0].code
    setup = client.get(f"/kiosk/code/{code}").get_data(as_text=True)
    assert 'name="speech_rate" value="slow"' in setup and 'name="advance" value="on"' in setup
    opened = client.get(f"/kiosk/code/{code}?mode=self&level=pictures&lang=sv&speech_rate=slow")
    with app.app_context():
        ticket = tickets.read(opened.location.rsplit("/", 1)[1])
    assert (ticket.speech_rate, ticket.advance) == ("slow", False)


def test_hand_over_offers_only_the_staff_members_units(client, db, org, login, housing_round):
    login("anna")  # a therapist of North team: the round is for Sunny home
    page = client.get("/kiosk/hand-over").get_data(as_text=True)
    assert "Sunny home" not in page
    forged = client.post("/kiosk/hand-over", data={
        "round_unit": f"{housing_round.id}:{org['units']['home'].id}", "mode": "self", "language": "sv"})
    assert forged.status_code == 200  # not a valid choice: the form is shown again
    assert "/kiosk/t/" not in (forged.location or "")


def test_a_round_code_leads_to_a_ticket_with_the_chosen_mode(app, client, housing_round):
    code = housing_round.round_units[0].code
    assert len(code) == 8 and code.isalnum()
    typed = client.get(f"/kiosk/code?code={code[:4].lower()} {code[4:]}")
    assert typed.status_code == 302 and typed.location.endswith(f"/kiosk/code/{code}")
    setup = client.get(f"/kiosk/code/{code}").get_data(as_text=True)
    assert 'value="proxy"' not in setup  # nobody answers the user survey for the client
    chosen = client.get(f"/kiosk/code/{code}?mode=interview&level=text&lang=ar")
    token = chosen.location.split("/kiosk/t/")[1]
    with app.app_context():
        ticket = tickets.read(token)
    assert (ticket.round_id, ticket.mode, ticket.level, ticket.language) == (
        housing_round.id, "interview", "text", "ar")


@pytest.mark.parametrize("code", ["NOPE1234", ""])
def test_an_unknown_code_says_so(client, housing_round, code):
    sent = client.get(f"/kiosk/code?code={code}")
    assert sent.location.endswith("/kiosk/?unknown=1")
    assert "Koden finns inte" in client.get(sent.location).get_data(as_text=True)


def test_a_closed_round_code_opens_nothing(client, db, housing_round):
    housing_round.status = RoundStatus.CLOSED
    db.commit()
    assert client.get(f"/kiosk/code/{housing_round.round_units[0].code}").location.endswith("unknown=1")


def test_guessing_round_codes_is_limited_per_address(app, client, housing_round):
    app.config["CODE_LIMIT"] = "3 per minute"
    for guess in ("AAAA1111", "AAAA1112", "AAAA1113"):
        assert client.get(f"/kiosk/code?code={guess}").location.endswith("unknown=1")
    code = housing_round.round_units[0].code
    for url in (f"/kiosk/code?code={code}", f"/kiosk/code/{code}"):  # even the right one waits
        refused = client.get(url)
        assert refused.status_code == 429 and "För många fel koder" in refused.get_data(as_text=True)
    other_tablet = client.get(f"/kiosk/code?code={code}", environ_base={"REMOTE_ADDR": "10.1.2.3"})
    assert other_tablet.status_code == 302
