"""A unit's records from a file, through the pages: a file of 30-odd clients with one error
stores nothing and names it with row and column; corrected, it is imported; the same file again
is refused; undoing takes it all out (audited); the templates download."""
from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from survey.models import (
    AuditEvent,
    Client,
    Episode,
    RecordedValue,
    RecordImport,
    RecordReview,
    Role,
    StaffUser,
)
from survey.operations import add_goal
from tests.conftest import PASSWORD_HASH

HEADER = ["client_code", "gender", "age", "opened_on", "closed_on", "close_reason",
          "intervention_type", "length_group", "therapist", "referral", "housing", "bridged"]


def _rows() -> list[list[str]]:
    """33 episodes of 32 clients: mixed codes and Swedish labels, one client back a second time."""
    rows = []
    for n in range(1, 33):
        closed = n % 3 == 0
        rows.append([f"R-{n}", "kvinna" if n % 2 else "man", str(20 + n), f"2025-{n % 12 + 1:02d}-0{n % 9 + 1}",
                     "2025-12-20" if closed else "", "planned" if closed else "", "counselling",
                     "", "anna" if n % 4 else "bert", "Socialtjänsten" if n % 5 else "self",
                     "", "Ja" if closed else ""])
    rows.append(["R-3", "", "", "2026-01-05", "", "", "", "0-3", "bert", "school", "", ""])
    return rows


def _csv(rows: list[list[str]]) -> bytes:
    return "\n".join(",".join(line) for line in [HEADER, *rows]).encode()


@pytest.fixture
def north(db, org):
    """North team records referral, housing and bridged (the starter set's)."""
    unit = org["units"]["north"]
    unit.variables = "referral,housing,bridged"
    db.commit()
    return unit


@pytest.fixture
def upload(client):
    def send(unit_id: int, content: bytes, name: str = "records.csv", **data):
        return client.post(f"/reports/units/{unit_id}/records/import",
                           data={"file": (io.BytesIO(content), name), **data},
                           content_type="multipart/form-data")
    return send


def _imported(db, model):
    db.expire_all()
    return list(db.scalars(select(model).where(model.record_import_id.is_not(None))))


def test_a_file_with_one_error_stores_nothing_and_names_its_row_and_column(
        db, north, login, upload, count):
    login("cora")
    broken = _rows()
    broken[6][10] = "on the moon"  # row 8 of the sheet, column housing
    sent = upload(north.id, _csv(broken))
    page = sent.get_data(as_text=True)
    assert sent.status_code == 422
    assert "Rad 8, kolumn housing: okänt värde &#34;on the moon&#34;" in page
    assert page.count("<li>Rad ") == 1
    assert count(RecordImport) == 0 and _imported(db, Client) == [] and _imported(db, Episode) == []


def test_a_correct_file_is_imported_once_and_an_undo_takes_it_all_out(
        db, client, north, login, upload, count):
    login("cora")
    good = _csv(_rows())
    assert upload(north.id, good).status_code == 302
    clients, episodes = _imported(db, Client), _imported(db, Episode)
    assert len(clients) == 32 and len(episodes) == 33
    r3 = next(c for c in clients if c.code == "R-3")
    assert [(e.opened_on, e.closed_on, e.length_group) for e in r3.episodes] == [
        (date(2025, 4, 4), date(2025, 12, 20), None), (date(2026, 1, 5), None, "0-3")]
    assert (r3.gender, r3.age_group, r3.episodes[0].age_at_intake, r3.episodes[1].age_at_intake) == (
        "woman", "18-29", 23, None)
    values = _imported(db, RecordedValue)
    # 33 referrals (26 by the label "Socialtjänsten"), and "Ja" for bridged in the 10 closed
    # episodes; housing was left empty, which stores nothing.
    assert len(values) == 33 + 10
    assert sum(v.key == "referral" and v.option_code == "social-services" for v in values) == 26
    assert {v.option_code for v in values if v.key == "bridged"} == {"yes"}

    again = upload(north.id, good, "copy.csv")
    assert again.status_code == 409 and "redan inlagd" in again.get_data(as_text=True)
    assert count(RecordImport) == 1 and len(_imported(db, Episode)) == 33

    record_import = db.scalar(select(RecordImport))
    undo = f"/reports/units/{north.id}/records/imports/{record_import.id}/undo"
    assert "records.csv" in client.get(undo).get_data(as_text=True)  # asked first
    assert count(RecordImport) == 1
    assert client.post(undo).status_code == 302
    assert count(RecordImport) == 0
    assert _imported(db, Client) == [] and _imported(db, Episode) == [] and _imported(db, RecordedValue) == []
    assert count(Client) == 3  # the fixture's clients stay
    events = [(e.action, e.object_type, e.object_id) for e in db.scalars(select(AuditEvent))]
    assert ("import", "unit", north.id) in events and ("undo-import", "unit", north.id) in events
    assert upload(north.id, good).status_code == 302  # an undone file may come again


def test_an_existing_code_gets_a_new_episode_and_an_undo_keeps_the_client(
        db, client, north, org, login, upload, count):
    login("cora")
    old = org["clients"]["A-1"]
    old.episodes[0].closed_on, old.episodes[0].close_reason = date(2026, 1, 20), "planned"
    db.commit()
    line = ["A-1", "woman", "40", "2026-02-01", "", "", "", "", "anna", "", "", ""]
    assert upload(north.id, _csv([line])).status_code == 302
    db.expire_all()
    assert len(db.get(Client, old.id).episodes) == 2 and count(Client) == 3
    record_import = db.scalar(select(RecordImport))
    assert client.post(f"/reports/units/{north.id}/records/imports/{record_import.id}/undo").status_code == 302
    db.expire_all()
    assert len(db.get(Client, old.id).episodes) == 1


def test_an_import_with_later_work_on_its_records_is_not_undone(
        db, client, north, login, upload, count):
    login("cora")
    assert upload(north.id, _csv(_rows()[:2])).status_code == 302
    episode = _imported(db, Episode)[0]
    add_goal(db, episode, "Ett mål", date(2026, 1, 10))
    db.commit()
    record_import = db.scalar(select(RecordImport))
    sent = client.post(f"/reports/units/{north.id}/records/imports/{record_import.id}/undo")
    assert sent.status_code == 409 and "lagts till" in sent.get_data(as_text=True)
    assert count(RecordImport) == 1 and len(_imported(db, Episode)) == 2


def test_the_templates_have_the_columns_an_import_takes(db, client, north, login):
    login("cora")
    sent = client.post(f"/reports/units/{north.id}/records/template.csv")
    assert sent.data.decode("utf-8-sig").strip().split(",") == HEADER
    book = load_workbook(io.BytesIO(client.post(f"/reports/units/{north.id}/records/template.xlsx").data))
    assert [c.value for c in next(book.worksheets[0].iter_rows())] == HEADER
    allowed = {row[0]: row[1] for row in book.worksheets[1].iter_rows(min_row=2, values_only=True)}
    assert "social-services (Socialtjänsten)" in allowed["referral"]
    assert "anna" in allowed["therapist"] and "bert" in allowed["therapist"]
    review = RecordReview(unit_id=north.id, name="Genomgång 2025")
    north.variables += ",current_plan"
    db.add(review)
    db.commit()
    reviewed = client.post(f"/reports/units/{north.id}/records/template.csv", data={"review": review.id})
    assert reviewed.data.decode("utf-8-sig").strip().split(",")[-1] == "current_plan"


def test_a_review_file_records_its_values_in_the_review(db, north, login, upload):
    review = RecordReview(unit_id=north.id, name="Genomgång 2025")
    north.variables += ",current_plan"
    db.add(review)
    db.commit()
    login("cora")
    lines = "client_code,age,opened_on,therapist,current_plan\nQ-1,30,2025-03-01,anna,nej\n"
    assert upload(north.id, lines.encode(), review=str(review.id)).status_code == 302
    (value,) = _imported(db, RecordedValue)
    assert (value.key, value.option_code, value.review_id) == ("current_plan", "no", review.id)


def test_another_units_coordinator_cannot_import_into_it(db, north, org, client, upload):
    db.add(StaffUser(username="carl", display_name="Carl", role=Role.COORDINATOR,
                     units=[org["units"]["south"]], password_hash=PASSWORD_HASH))
    db.commit()
    client.post("/login", data={"username": "carl", "password": "correct horse battery"})
    assert upload(north.id, _csv(_rows())).status_code == 404
