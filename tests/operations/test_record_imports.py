"""Importing a unit's records: all rows or none, never the same file twice, an undo of exactly
what the import made."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from survey.models import Client, Episode, RecordedValue, RecordImport, Variable
from survey.operations.record_imports import (
    RecordImportError,
    import_records,
    undo_record_import,
)

FILE = (b"client_code,age,opened_on,closed_on,close_reason,therapist,referral,bridged\n"
        b"N-1,30,2025-01-02,2025-03-01,planned,anna,school,yes\n"
        b"N-2,70,2025-02-02,,,bert,,\n")


@pytest.fixture
def north(db, org):
    unit = org["units"]["north"]
    unit.variables = "referral,bridged"
    db.commit()
    return unit


def test_a_file_is_stored_whole_with_its_values(db, north, org):
    outcome = import_records(db, north, FILE, "f.csv", org["staff"]["cora"], {})
    assert (outcome.problems, outcome.clients, outcome.episodes, outcome.values) == ([], 2, 2, 2)
    db.commit()
    n1 = db.scalar(select(Client).where(Client.code == "N-1"))
    assert (n1.gender, n1.age_group, n1.therapist.username, n1.record_import_id) == (
        "not-stated", "30-49", "anna", outcome.record_import.id)
    (episode,) = n1.episodes
    assert [(v.key, v.option_code, v.record_import_id) for v in episode.recorded_values] == [
        ("referral", "school", outcome.record_import.id), ("bridged", "yes", outcome.record_import.id)]


def test_a_file_with_a_problem_stores_nothing(db, north, org, count):
    outcome = import_records(db, north, FILE.replace(b"school", b"church"), "f.csv", org["staff"]["cora"], {})
    assert [(p.row, p.column, p.code) for p in outcome.problems] == [(2, "referral", "unknown-value")]
    assert outcome.record_import is None
    db.rollback()
    assert count(RecordImport) == 0 and count(Episode) == 3


def test_the_same_file_is_refused(db, north, org):
    import_records(db, north, FILE, "f.csv", org["staff"]["cora"], {})
    db.commit()
    with pytest.raises(RecordImportError) as refused:
        import_records(db, north, FILE, "other-name.csv", org["staff"]["cora"], {})
    assert refused.value.code == "already-imported"


def test_an_undo_deletes_what_the_import_made_and_refuses_when_staff_added_to_it(db, north, org, count):
    outcome = import_records(db, north, FILE, "f.csv", org["staff"]["cora"], {})
    db.commit()
    n2 = db.scalar(select(Client).where(Client.code == "N-2"))
    referral = db.scalar(select(Variable.id).where(Variable.key == "referral"))
    db.add(RecordedValue(episode_id=n2.episodes[0].id, variable_id=referral, key="referral",
                         option_code="self"))  # a therapist recorded it afterwards
    db.commit()
    with pytest.raises(RecordImportError) as refused:
        undo_record_import(db, outcome.record_import)
    assert (refused.value.code, refused.value.params) == ("import-in-use", {"count": 1})
    db.rollback()
    db.execute(RecordedValue.__table__.delete().where(RecordedValue.record_import_id.is_(None)))
    undone = undo_record_import(db, outcome.record_import)
    db.commit()
    assert (undone.clients, undone.episodes, undone.values) == (2, 2, 2)
    assert count(Client) == 3 and count(Episode) == 3 and count(RecordedValue) == 0
    assert count(RecordImport) == 1 and outcome.record_import.undone_at is not None
    with pytest.raises(RecordImportError) as twice:
        undo_record_import(db, outcome.record_import)
    assert twice.value.code == "import-undone"
    db.rollback()
    again = import_records(db, north, FILE, "f.csv", org["staff"]["cora"], {})  # the same file again
    db.commit()
    assert again.record_import.id != outcome.record_import.id and count(Client) == 5
