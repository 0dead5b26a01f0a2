"""Importing a unit's records (clients, episodes, their variable values) from a file: all rows
or none, never the same file twice into a unit, and undoing a whole import (a review's file too:
``review_imports``).

A code the unit does not have makes a new client; a code it has gets a new episode (a client who
came back), its stored gender kept. Rows are written in a few statements, not one flush per row.
Undoing deletes what the import created and nothing else; it is refused once staff have added
to those records (sessions, goals, follow-ups, contacts, values or episodes of their own), which
an undo would take with it. An undone file may be imported again: "never twice" means never
twice at once, and the audit log keeps both the import and its undoing.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, exists, func, insert, select, update
from sqlalchemy.orm import Session

from survey.domain.record_file import RecordContext, StoredClient, parse_records
from survey.domain.spreadsheet import ImportProblem
from survey.domain.variables import NOT_STATED
from survey.models import (
    Client,
    Contact,
    Episode,
    FollowUp,
    Goal,
    RecordedValue,
    RecordImport,
    RecordReview,
    ReviewedEpisode,
    Role,
    SignalAcknowledgement,
    StaffUser,
    TreatmentSession,
    Unit,
)
from survey.models.base import utcnow
from survey.operations.errors import OperationError
from survey.operations.variables import value_rows
from survey.queries.variables import current_variables, spec_of

UNIT_PHASES = ("intake", "during", "end")


class RecordImportError(OperationError):
    """An import that cannot be made or undone: a code and its parameters."""


@dataclass(frozen=True)
class RecordImportOutcome:
    problems: list[ImportProblem]
    record_import: RecordImport | None = None
    clients: int = 0  # new clients
    episodes: int = 0
    values: int = 0  # stored value rows (a multi's codes one each)


def record_variables(db: Session, unit: Unit):
    """The variables a unit's file holds: those recorded at intake, during or at the end."""
    return current_variables(db, unit, UNIT_PHASES)


def _stored_clients(db: Session, unit: Unit) -> dict[str, StoredClient]:
    rows = db.execute(select(Client.code, Client.gender, Episode.opened_on, Episode.closed_on)
                      .outerjoin(Episode, Episode.client_id == Client.id)
                      .where(Client.unit_id == unit.id))
    found: dict[str, tuple[str, set, bool]] = {}
    for code, gender, opened, closed in rows:
        _, days, open_one = found.setdefault(code, (gender, set(), False))
        if opened is not None:
            days.add(opened)
            found[code] = (gender, days, open_one or closed is None)
    return {code: StoredClient(gender, frozenset(days), open_one)
            for code, (gender, days, open_one) in found.items()}


def _therapists(db: Session, unit: Unit) -> dict[str, int]:
    """The unit's therapists by username (disabled accounts too: records of closed episodes
    may name someone who has left)."""
    return {s.username: s.id for s in unit.staff if s.role is Role.THERAPIST}


def import_records(db: Session, unit: Unit, content: bytes, filename: str, staff: StaffUser | None,
                   words: Mapping[str, Mapping[str, str]],
                   today: date | None = None) -> RecordImportOutcome:
    """Check the whole file against the unit, then store every row (flushes only); on any
    problem nothing is stored. The same file already imported into the unit is refused
    (``RecordImportError("already-imported")``). A review's file: ``review_imports``."""
    variables = record_variables(db, unit)
    default = staff.id if staff is not None and staff.role is Role.THERAPIST else None
    parsed = parse_records(content, filename, RecordContext(
        variables=[spec_of(v) for v in variables], therapists=_therapists(db, unit),
        default_therapist=default, clients=_stored_clients(db, unit),
        today=today or date.today(), words=words))
    refuse_same_file(db, unit.id, parsed.sha256)
    if parsed.problems:
        return RecordImportOutcome(parsed.problems)
    record_import = new_import(db, unit.id, parsed.sha256, filename, len(parsed.rows), staff)
    stamp = {"record_import_id": record_import.id}
    client_ids = dict(db.execute(select(Client.code, Client.id).where(Client.unit_id == unit.id)).all())
    new: dict[str, dict] = {}
    for row in parsed.rows:  # a new client's survey age group: its first row with an age
        if row.client_code not in client_ids:
            entry = new.setdefault(row.client_code, dict(
                code=row.client_code, unit_id=unit.id, therapist_id=row.therapist_id,
                gender=row.gender or NOT_STATED, age_group=None, **stamp))
            entry["age_group"] = entry["age_group"] or row.survey_age_group
    for ids in _inserted(db, Client, list(new.values())):
        client_ids[ids.code] = ids.id
    episodes = [dict(client_id=client_ids[row.client_code], therapist_id=row.therapist_id,
                     opened_on=row.opened_on or row.closed_on or today or date.today(),
                     closed_on=row.closed_on, close_reason=row.close_reason,
                     intervention_type=row.intervention_type, age_at_intake=row.age,
                     length_group=row.length_group, **stamp) for row in parsed.rows]
    episode_ids = [ids.id for ids in _inserted(db, Episode, episodes)]
    # Who recorded them is the import's staff member; left off each value, which spares
    # PostgreSQL a foreign-key check per row.
    common = dict(staff_id=None, review_id=None, **stamp)
    values = value_tuples(parsed.rows, episode_ids, {v.key: v for v in variables}, common)
    insert_values(db, values)
    db.flush()
    return RecordImportOutcome([], record_import, len(new), len(episodes), len(values))


def refuse_same_file(db: Session, unit_id: int, sha256: str) -> None:
    """``RecordImportError("already-imported")`` if the unit holds an import of this file."""
    if db.scalar(select(RecordImport.id).where(RecordImport.unit_id == unit_id,
                                               RecordImport.sha256 == sha256)):
        raise RecordImportError("already-imported")


def new_import(db: Session, unit_id: int, sha256: str, filename: str, rows: int,
               staff: StaffUser | None, review: RecordReview | None = None) -> RecordImport:
    record_import = RecordImport(unit_id=unit_id, sha256=sha256, filename=filename[:200], rows=rows,
                                 staff_id=staff.id if staff else None,
                                 review_id=review.id if review else None)
    db.add(record_import)
    db.flush()
    return record_import


VALUE_COLUMNS = ("episode_id", "variable_id", "key", "option_code", "number", "day", "text",
                 "review_id", "record_import_id", "recorded_by", "recorded_at")


def value_tuples(rows, episode_ids, variables, common) -> list[tuple]:
    """Every value row as a tuple of ``VALUE_COLUMNS``; the rows of one value are made once
    (a file repeats its values) by ``value_rows``, the one maker of recorded values."""
    now, made, found = utcnow(), {}, []
    for row, episode_id in zip(rows, episode_ids):
        for key, value in row.values.items():
            if (key, value) not in made:
                made[key, value] = [tuple((r | {"recorded_at": now})[c] for c in VALUE_COLUMNS[1:])
                                    for r in value_rows(0, variables[key], value, **common)]
            found += [(episode_id, *rest) for rest in made[key, value]]
    return found


def insert_values(db: Session, rows: list[tuple]) -> None:
    """Many values at once: COPY on PostgreSQL, one prepared statement run for every row on
    SQLite (each with the column types' own conversion of dates)."""
    if not rows:
        return
    connection = db.connection()
    names = ", ".join(f'"{c}"' for c in VALUE_COLUMNS)
    if connection.dialect.name == "postgresql":
        with connection.connection.cursor() as cursor, cursor.copy(
                f"COPY recorded_values ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    table = RecordedValue.__table__
    convert = [table.c[c].type.bind_processor(connection.dialect) for c in VALUE_COLUMNS]
    converting = [(i, f) for i, f in enumerate(convert) if f is not None]
    rows = [_converted(row, converting) for row in rows]
    # The indexes of many rows fit in memory (64 MB, for this statement only): twice as fast.
    cache = connection.exec_driver_sql("PRAGMA cache_size").scalar()
    connection.exec_driver_sql("PRAGMA cache_size = -65536")
    connection.exec_driver_sql(
        f"INSERT INTO recorded_values ({names}) VALUES ({', '.join('?' * len(VALUE_COLUMNS))})", rows)
    connection.exec_driver_sql(f"PRAGMA cache_size = {int(cache)}")


def _converted(row: tuple, converting) -> tuple:
    """A row with its dates (those of ``converting``'s columns) as SQLite stores them."""
    values = list(row)
    for index, convert in converting:
        if values[index] is not None:
            values[index] = convert(values[index])
    return tuple(values)


def _inserted(db: Session, model, rows: list[dict]):
    """Insert many rows in one statement; their ids (and codes, for clients) in order."""
    if not rows:
        return []
    returning = (model.id, model.code) if model is Client else (model.id,)
    return db.execute(insert(model).returning(*returning, sort_by_parameter_order=True), rows).all()


@dataclass(frozen=True)
class Undone:
    clients: int
    episodes: int
    values: int
    records: int  # review records to be done again


def _in_use(db: Session, record_import: RecordImport) -> int:
    """How many things staff added to the import's records since (which an undo would take)."""
    episodes = select(Episode.id).where(Episode.record_import_id == record_import.id)
    clients = select(Client.id).where(Client.record_import_id == record_import.id)
    counts = [select(func.count()).select_from(model).where(model.episode_id.in_(episodes))
              for model in (TreatmentSession, Goal, FollowUp, Contact, SignalAcknowledgement)]
    counts.append(select(func.count()).select_from(RecordedValue).where(
        RecordedValue.episode_id.in_(episodes),
        RecordedValue.record_import_id.is_distinct_from(record_import.id)))
    counts.append(select(func.count()).select_from(Episode).where(
        Episode.client_id.in_(clients), Episode.record_import_id.is_distinct_from(record_import.id)))
    return sum(db.scalar(query) for query in counts)


def undo_record_import(db: Session, record_import: RecordImport) -> Undone:
    """Delete every value, episode and client the import created; the import stays listed as
    undone, without its file's fingerprint (so the file may be imported again). Refused
    (``import-in-use``) if staff have added to them, (``import-undone``) if undone before. The
    review records it marked done are to be done again (those re-recorded since on the review
    screen hold none of its values, and stay done)."""
    if record_import.undone_at is not None:
        raise RecordImportError("import-undone")
    added = _in_use(db, record_import)
    if added:
        raise RecordImportError("import-in-use", count=added)
    records = db.execute(update(ReviewedEpisode).where(exists().where(
        RecordedValue.record_import_id == record_import.id,
        RecordedValue.review_id == ReviewedEpisode.review_id,
        RecordedValue.episode_id == ReviewedEpisode.episode_id))
        .values(done=False, reviewed_at=None, reviewed_by=None)
        .execution_options(synchronize_session=False)).rowcount
    values = db.execute(delete(RecordedValue).where(
        RecordedValue.record_import_id == record_import.id)).rowcount
    episodes = db.execute(delete(Episode).where(Episode.record_import_id == record_import.id)).rowcount
    clients = db.execute(delete(Client).where(Client.record_import_id == record_import.id)).rowcount
    record_import.undone_at, record_import.sha256 = utcnow(), f"undone-{record_import.id}"
    db.flush()
    return Undone(clients, episodes, values, records)
