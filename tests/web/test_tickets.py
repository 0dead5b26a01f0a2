"""Tablet tickets: signed, stamped with their time of issue, and a session's or follow-up's
ticket expires."""
from __future__ import annotations

from survey.web import tickets

HOUR = 3600


def _ticket(**place) -> tickets.Ticket:
    return tickets.Ticket(questionnaire_id="outcome-adult", questionnaire_version=1, unit_id=1,
                          language="sv", mode="self", **place)


def test_a_signed_ticket_carries_its_time_of_issue(app):
    with app.app_context():
        read = tickets.read(tickets.sign(_ticket(session_id=4)))
    assert read.session_id == 4 and read.issued_at is not None


def test_session_and_follow_up_tickets_expire_after_the_hours_set():
    issued = 1_000_000
    for place in ({"session_id": 1}, {"follow_up_id": 1}):
        ticket = _ticket(issued_at=issued, **place)
        assert not ticket.expired(12, now=issued + 12 * HOUR)
        assert ticket.expired(12, now=issued + 12 * HOUR + 1)
        assert _ticket(**place).expired(12, now=issued)  # signed before tickets had a time


def test_a_round_ticket_does_not_expire():
    assert not _ticket(round_id=1, issued_at=0).expired(12, now=10**9)
