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
from survey.operations.reviews import open_review
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
    db.expire_all()
    assert record_import.undone_at is not None  # listed still, with the day it was taken out
    listed = client.get(f"/reports/units/{north.id}/records/import").get_data(as_text=True)
    assert "records.csv" in listed and f'href="{undo}"' not in listed
    assert client.post(undo).status_code == 404 and client.get(undo).status_code == 404
    assert _imported(db, Client) == [] and _imported(db, Episode) == [] and _imported(db, RecordedValue) == []
    assert count(Client) == 3  # the fixture's clients stay
    events = [(e.action, e.object_type, e.object_id) for e in db.scalars(select(AuditEvent))]
    assert ("import", "unit", north.id) in events and ("undo-import", "unit", north.id) in events
    assert upload(north.id, good).status_code == 302  # an undone file may come again
    assert count(RecordImport) == 2 and len(_imported(db, Episode)) == 33


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


@pytest.fixture
def review(db, north, org):
    """A review of North team's three episodes recording coordination, home visits and the
    current plan: A-1's earlier (2025-03-01) and later episode, and B-1's."""
    north.variables += ",coordination,home_visits,current_plan"
    db.add(Episode(client=org["clients"]["A-1"], therapist=org["staff"]["anna"],
                   opened_on=date(2025, 3, 1), closed_on=date(2025, 6, 30), close_reason="planned"))
    db.commit()
    opened = open_review(db, north, "Genomgång 2025", org["staff"]["cora"],
                         variable_keys=["coordination", "home_visits", "current_plan"])
    db.commit()
    return opened


REVIEW_HEADER = "client_code,opened_on,coordination,home_visits,current_plan"


def _review_entries(db, review_id):
    db.expire_all()
    return {(e.episode.client.code, e.episode.opened_on): e
            for e in db.scalar(select(RecordReview).where(RecordReview.id == review_id)).episodes}


def test_a_reviews_template_lists_its_records_not_done(db, client, north, review, login):
    login("cora")
    assert client.post(f"/reviews/{review.id}/records/3", data={"current_plan": "yes"}).status_code == 302
    sent = client.post(f"/reports/units/{north.id}/records/template.csv", data={"review": review.id})
    lines = sent.data.decode("utf-8-sig").strip().splitlines()
    # B-1's record (the third, done on the review screen) is left out.
    assert lines == [REVIEW_HEADER, "A-1,2025-03-01,,,", "A-1,2026-01-10,,,"]


def test_a_review_file_records_its_values_on_the_reviews_episodes_and_an_undo_takes_them_out(
        db, client, north, review, login, upload, count):
    login("cora")
    b1 = f"/reviews/{review.id}/records/3"
    assert client.post(b1, data={"current_plan": "yes", "home_visits": "2"}).status_code == 302
    episodes = count(Episode)
    broken = "\n".join([REVIEW_HEADER, "A-1,,,,", "X-9,,,,", "B-1,,,,", "A-1,2025-03-02,,,",
                         "A-1,2026-01-10,,many,", "a-1,2026-01-10,,,"]).encode()
    sent = upload(north.id, broken, review=str(review.id))
    page = sent.get_data(as_text=True)
    assert sent.status_code == 422
    for where in ["Rad 2, kolumn opened_on", "Rad 3, kolumn client_code", "Rad 4, kolumn client_code",
                  "Rad 5, kolumn opened_on", "Rad 6, kolumn home_visits", "Rad 7, kolumn client_code"]:
        assert where in page
    assert page.count("<li>Rad ") == 6
    assert count(RecordImport) == 0 and _imported(db, RecordedValue) == [] and count(Episode) == episodes

    good = "\n".join([REVIEW_HEADER, "A-1,2025-03-01,Av oss,3,ja", "A-1,2026-01-10,,,nej"]).encode()
    assert upload(north.id, good, review=str(review.id)).status_code == 302
    assert count(Episode) == episodes and count(Client) == 3  # nothing new: the review's own
    entries = _review_entries(db, review.id)
    earlier, later = entries["A-1", date(2025, 3, 1)], entries["A-1", date(2026, 1, 10)]
    values = {(v.episode_id, v.key): (v.option_code, v.number) for v in _imported(db, RecordedValue)}
    assert values == {
        (earlier.episode_id, "coordination"): ("by-us", None),
        (earlier.episode_id, "home_visits"): (None, 3),
        (earlier.episode_id, "current_plan"): ("yes", None),
        (later.episode_id, "coordination"): ("not-stated", None),  # empty: not stated
        (later.episode_id, "home_visits"): ("not-stated", None),
        (later.episode_id, "current_plan"): ("no", None)}
    assert {v.review_id for v in _imported(db, RecordedValue)} == {review.id}
    assert all(e.done for e in entries.values())
    assert {e.reviewed_by for e in (earlier, later)} == {db.scalar(
        select(StaffUser.id).where(StaffUser.username == "cora"))}

    imports = client.get(f"/reports/units/{north.id}/records/import").get_data(as_text=True)
    assert "Genomgång 2025" in imports
    record_import = db.scalar(select(RecordImport))
    undo = f"/reports/units/{north.id}/records/imports/{record_import.id}/undo"
    assert "Genomgång 2025" in client.get(undo).get_data(as_text=True)  # asked first
    assert client.post(undo).status_code == 302
    assert _imported(db, RecordedValue) == []
    entries = _review_entries(db, review.id)
    assert [(code, e.done, e.reviewed_by is None) for (code, _), e in sorted(entries.items())] == [
        ("A-1", False, True), ("A-1", False, True), ("B-1", True, False)]
    b1_values = db.scalars(select(RecordedValue.key).where(RecordedValue.review_id == review.id))
    assert sorted(b1_values) == ["coordination", "current_plan", "home_visits"]  # B-1's stay
    assert client.get(f"/reviews/{review.id}").location.endswith(f"/reviews/{review.id}/records/1")


def test_another_units_coordinator_cannot_import_into_it(db, north, org, client, upload):
    db.add(StaffUser(username="carl", display_name="Carl", role=Role.COORDINATOR,
                     units=[org["units"]["south"]], password_hash=PASSWORD_HASH))
    db.commit()
    client.post("/login", data={"username": "carl", "password": "correct horse battery"})
    assert upload(north.id, _csv(_rows())).status_code == 404
