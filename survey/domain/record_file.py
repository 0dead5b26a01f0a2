"""Clients, episodes and their variable values in a spreadsheet (one row per episode): read,
check every cell and the rows against each other and what is stored, report every problem with
row and column. No Flask and no database: the caller passes what the database holds, and stores
nothing unless the problem list is empty.

Columns: ``client_code`` (required), ``gender``, ``age`` (whole years at intake), ``opened_on``
and ``closed_on`` (ISO dates), ``close_reason``, ``intervention_type``, ``length_group`` (months,
"0-3" or "13+": the length of intervention as the record gives it, needed without a start date),
``therapist`` (a username), then one column per variable key of the unit (or review).

A value is its code or its label: a defined variable's in any staff language the service wrote
it in, a vocabulary's (gender, reasons, interventions, yes/no, "not stated") in the words the
caller gives, the importer's language. Services keep these sheets in words, not codes; a label
two values share is not taken (the code is then needed). An empty variable cell stores nothing.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from survey.domain.age_schemes import STARTER_SCHEMES
from survey.domain.record_cells import (
    Reader,
    client_code,
    read_age,
    read_day,
    read_length_group,
    read_table,
    remembered,
    variable_reader,
    vocabulary_reader,
)
from survey.domain.spreadsheet import CellError, ImportProblem
from survey.domain.variables import ParsedValue, VariableSpec
from survey.domain.vocabulary import CLOSE_REASONS, GENDERS, INTERVENTION_TYPES

BASE_COLUMNS = ("client_code", "gender", "age", "opened_on", "closed_on", "close_reason",
                "intervention_type", "length_group", "therapist")


@dataclass(frozen=True)
class StoredClient:
    """A client of the unit already stored: its gender, the start dates of its episodes and
    whether one of them is still open."""

    gender: str
    opened: frozenset[date] = frozenset()
    has_open_episode: bool = False


@dataclass(frozen=True)
class RecordContext:
    variables: Sequence[VariableSpec]  # the columns after the base ones, in order
    therapists: Mapping[str, int]  # username -> staff id, the unit's therapists
    default_therapist: int | None  # the importer, when a therapist
    clients: Mapping[str, StoredClient]  # the unit's clients by code
    today: date
    # Vocabulary words in the importer's language: "gender", "close_reason",
    # "intervention_type" and "value" (yes, no, not stated), each label -> code.
    words: Mapping[str, Mapping[str, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class RecordRow:
    row: int
    client_code: str
    gender: str | None  # None: not given (a stored client keeps its own)
    age: int | None
    opened_on: date | None
    closed_on: date | None
    close_reason: str | None
    intervention_type: str | None
    length_group: str | None
    therapist_id: int
    values: dict[str, ParsedValue]  # variable key -> value, for the cells not empty

    @property
    def survey_age_group(self) -> str | None:
        """The kiosk's age group of the age (a new client's ``Client.age_group``)."""
        return None if self.age is None else STARTER_SCHEMES[0].band_of(self.age)


@dataclass(frozen=True)
class RecordFile:
    sha256: str
    rows: list[RecordRow]
    problems: list[ImportProblem]


def columns(variables: Sequence[VariableSpec]) -> list[str]:
    """Every column a file may have, in the template's order."""
    return [*BASE_COLUMNS, *(spec.key for spec in variables)]


def _readers(context: RecordContext) -> dict[str, Reader]:
    words, today = context.words, context.today

    def therapist(cell: str) -> int:
        if not cell:
            if context.default_therapist is None:
                raise CellError("therapist-required", allowed=", ".join(context.therapists))
            return context.default_therapist
        if cell not in context.therapists:
            raise CellError("unknown-therapist", value=cell, allowed=", ".join(context.therapists))
        return context.therapists[cell]
    readers = {"client_code": client_code, "gender": vocabulary_reader("gender", GENDERS, words), "age": read_age,
            "opened_on": lambda cell: read_day(cell, today), "closed_on": lambda cell: read_day(cell, today),
            "close_reason": vocabulary_reader("close_reason", CLOSE_REASONS, words),
            "intervention_type": vocabulary_reader("intervention_type", INTERVENTION_TYPES, words),
            "length_group": read_length_group, "therapist": therapist,
            **{spec.key: variable_reader(spec, words) for spec in context.variables}}
    return {name: remembered(read) for name, read in readers.items()}


def _row_problems(number: int, values: dict) -> list[ImportProblem]:
    """What one row's cells say against each other."""
    problems = []
    opened, closed = values.get("opened_on"), values.get("closed_on")
    if opened is None and values.get("length_group") is None and not {"opened_on", "length_group"} & values["_bad"]:
        problems.append(ImportProblem(number, "opened_on", "start-or-length-required"))
    if opened and closed and closed < opened:
        problems.append(ImportProblem(number, "closed_on", "closes-before-opening"))
    if closed and not values.get("close_reason"):
        problems.append(ImportProblem(number, "close_reason", "close-reason-required"))
    if values.get("close_reason") and not closed:
        problems.append(ImportProblem(number, "closed_on", "closed-on-required"))
    return problems


def _client_problems(rows: list[tuple[int, dict]], stored: Mapping[str, StoredClient]) -> list[ImportProblem]:
    """What the rows of one client say against each other and against what is stored."""
    problems: list[ImportProblem] = []
    gender_row: dict[str, tuple[int, str]] = {}
    aged: set[str] = set()
    first: dict[str, int] = {}
    open_row: dict[str, int] = {}
    started: dict[tuple[str, date], int] = {}
    for number, values in rows:
        code = values["client_code"]
        first.setdefault(code, number)
        known = stored.get(code)
        if values.get("age") is not None or "age" in values["_bad"]:
            aged.add(code)
        if gender := values.get("gender"):
            if known and gender != known.gender:
                problems.append(ImportProblem(number, "gender", "gender-differs-stored",
                                              {"value": known.gender}))
            elif code in gender_row and gender_row[code][1] != gender:
                problems.append(ImportProblem(number, "gender", "gender-differs",
                                              {"row": gender_row[code][0]}))
            gender_row.setdefault(code, (number, gender))
        if values.get("closed_on") is None:
            if code in open_row:
                problems.append(ImportProblem(number, "closed_on", "episode-open-in-file",
                                              {"row": open_row[code]}))
            elif known and known.has_open_episode:
                problems.append(ImportProblem(number, "closed_on", "episode-open"))
            open_row.setdefault(code, number)
        if opened := values.get("opened_on"):
            if known and opened in known.opened:
                problems.append(ImportProblem(number, "opened_on", "episode-exists"))
            elif (code, opened) in started:
                problems.append(ImportProblem(number, "opened_on", "duplicate-episode",
                                              {"row": started[code, opened]}))
            started.setdefault((code, opened), number)
    problems += [ImportProblem(number, "age", "age-required")
                 for code, number in first.items() if code not in stored and code not in aged]
    return problems


def parse_records(content: bytes, filename: str, context: RecordContext) -> RecordFile:
    """Read and check a whole file; ``rows`` is empty unless there is no problem at all."""
    expected = columns(context.variables)
    sha256, table, positions, problems = read_table(content, filename, ["client_code"], expected[1:])
    if not table:
        return RecordFile(sha256, [], problems)
    if "opened_on" not in positions and "length_group" not in positions:
        problems.append(ImportProblem(None, "opened_on", "missing-column"))
    if problems:  # the rows are read by their columns: a header to correct first
        return RecordFile(sha256, [], problems)
    readers = _readers(context)
    readers_at = [(index, name, readers[name]) for name, index in positions.items()]
    checked: list[tuple[int, dict]] = []
    for number, cells in enumerate(table[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        values: dict = {"_bad": set()}
        for index, name, read in readers_at:
            try:
                values[name] = read(cells[index].strip())
            except CellError as error:
                values["_bad"].add(name)
                problems.append(ImportProblem(number, name, error.code, error.params))
        if "therapist" not in positions:
            try:
                values["therapist"] = readers["therapist"]("")
            except CellError as error:
                problems.append(ImportProblem(number, "therapist", error.code, error.params))
        problems += _row_problems(number, values)
        if "client_code" not in values["_bad"] and "client_code" in values:
            checked.append((number, values))
    problems += _client_problems(checked, context.clients)
    if not checked and not problems:
        problems.append(ImportProblem(None, None, "no-records"))
    if problems:
        problems.sort(key=lambda p: (p.row or 0, expected.index(p.column) if p.column in expected else -1))
        return RecordFile(sha256, [], problems)
    return RecordFile(sha256, [_record(number, values, context.variables) for number, values in checked], [])


def _record(number: int, values: dict, variables: Sequence[VariableSpec]) -> RecordRow:
    return RecordRow(
        row=number, client_code=values["client_code"], gender=values.get("gender"),
        age=values.get("age"), opened_on=values.get("opened_on"), closed_on=values.get("closed_on"),
        close_reason=values.get("close_reason"), intervention_type=values.get("intervention_type"),
        length_group=values.get("length_group"), therapist_id=values["therapist"],
        values={spec.key: values[spec.key] for spec in variables if values.get(spec.key) is not None})
