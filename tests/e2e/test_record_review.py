"""The record-review screen by keyboard only, in Chromium: the first question has the focus, a
number key chooses a value and moves on to the next question, Enter saves and the next client's
screen comes."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from survey.models import Client, Episode, RecordedValue, Role, StaffUser, Unit
from survey.operations.reviews import open_review


def test_a_reviewer_goes_through_two_records_by_keyboard(page, live, staff_login):
    with live.db() as db:
        unit = Unit(name="Record team", service_type="outpatient",
                    variables="coordination,current_plan")
        tore = db.scalar(select(StaffUser).where(StaffUser.username == "tore"))
        reviewer = StaffUser(username="rune", display_name="Rune", role=Role.REVIEWER,
                             units=[unit], password_hash=tore.password_hash)  # the seeded password
        for code in ("REV-1", "REV-2"):
            db.add(Episode(client=Client(code=code, unit=unit, therapist=tore, gender="man",
                                         age_group="30-49"),
                           therapist=tore, opened_on=date(2023, 2, 1)))
        db.add(reviewer)
        db.flush()
        review_id = open_review(db, unit, "Journal 2023", reviewer).id
        db.commit()
    staff_login("rune", "/reviews/")
    page.goto(f"{live.url}/reviews/{review_id}")
    page.wait_for_url(f"**/reviews/{review_id}/records/1")
    assert page.locator("#client-code").inner_text() == "REV-1"
    assert page.evaluate("document.activeElement.name") == "coordination"
    page.keyboard.press("3")  # the third value: "both"
    assert page.evaluate("document.activeElement.name") == "current_plan"
    page.keyboard.press("1")  # yes
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/reviews/{review_id}/records/2")
    assert page.locator("#client-code").inner_text() == "REV-2"
    with live.db() as db:
        stored = {(v.key, v.option_code) for v in db.scalars(
            select(RecordedValue).where(RecordedValue.review_id == review_id))}
    assert stored == {("coordination", "both"), ("current_plan", "yes")}
