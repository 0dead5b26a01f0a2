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

import hashlib
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from survey.domain.age_schemes import STARTER_SCHEMES, bands_from, check_age
from survey.domain.spreadsheet import CellError, ImportProblem, header_positions, norm, read_cells
from survey.domain.variables import (
    KINDS_WITH_OPTIONS,
    MULTI,
    YES_NO,
    ParsedValue,
    VariableProblem,
    VariableSpec,
    parse_value,
)
from survey.domain.vocabulary import CLOSE_REASONS, GENDERS, INTERVENTION_TYPES

BASE_COLUMNS = ("client_code", "gender", "age", "opened_on", "closed_on", "close_reason",
                "intervention_type", "length_group", "therapist")
# Ten or twelve digits, as a Swedish, Norwegian, Danish or Finnish personal identity number.
_PERSONAL_NUMBER = re.compile(r"^(\d{6}|\d{8})[-+A]?\d{3}[\dA-Z]$|^\d{6}-?\d{5}$")
Reader = Callable[[str], object]


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


def _lookup(codes: Sequence[str], *labels: Mapping[str, str]) -> dict[str, str]:
    """Written value (loosely compared) -> code: the codes, then every label no two codes share."""
    found: dict[str, set[str]] = {}
    for words in labels:
        for label, code in words.items():
            if code in codes and label.strip():
                found.setdefault(norm(label), set()).add(code)
    table = {label: next(iter(c)) for label, c in found.items() if len(c) == 1}
    return table | {norm(code): code for code in codes}


def _vocabulary(name: str, codes: Sequence[str], words: Mapping) -> Reader:
    table = _lookup(codes, words.get(name, {}))

    def read(cell: str) -> str | None:
        if cell and norm(cell) not in table:
            raise CellError(f"unknown-{name.replace('_', '-')}", value=cell, allowed=", ".join(codes))
        return table[norm(cell)] if cell else None
    return read


def read_day(cell: str, today: date) -> date | None:
    if not cell:
        return None
    text = cell.removesuffix(" 00:00:00")  # a date cell of a workbook read as text
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise CellError("not-a-date", value=cell) from None
    if day > today:
        raise CellError("date-in-future", value=cell)
    return day


def _age(cell: str) -> int | None:
    if not cell:
        return None
    try:
        value = float(cell.replace(",", "."))
        if value != int(value):
            raise ValueError
        return check_age(int(value))
    except (ValueError, OverflowError, VariableProblem):
        raise CellError("not-an-age", value=cell) from None


def _length_group(cell: str) -> str | None:
    if not cell:
        return None
    try:
        (band,) = bands_from(cell)
    except (ValueError, VariableProblem):
        raise CellError("length-group-as-date" if cell[:4].isdigit() else "unknown-length-group",
                         value=cell) from None
    return band.code


def client_code(cell: str) -> str:
    code = cell.upper()
    if not code:
        raise CellError("client-code-required")
    if len(code) > 40:
        raise CellError("client-code-too-long")
    if _PERSONAL_NUMBER.match(code.replace(" ", "")):
        raise CellError("client-code-personal-number")
    return code


def variable_reader(spec: VariableSpec, words: Mapping) -> Reader:
    """A reader of one variable's cells: codes or labels (``;`` between a multi's), or for a
    number, date or text the value itself ("not stated" in words as well)."""
    table = _lookup(spec.codes, words.get("value", {}),
                    *({label: o.code for label in o.labels.values()} for o in spec.options))
    by_code = spec.kind in (*KINDS_WITH_OPTIONS, YES_NO)

    def read(cell: str) -> ParsedValue | None:
        if not cell:
            return None
        if by_code:
            parts = cell.split(";") if spec.kind == MULTI else [cell]
            raw: str | list[str] = [table.get(norm(part), part.strip()) for part in parts if part.strip()]
        else:
            raw = table.get(norm(cell), cell)
        try:
            return parse_value(spec, raw)
        except VariableProblem as problem:
            if problem.code == "unknown-option":
                raise CellError("unknown-value", **problem.params,
                                 allowed=", ".join(spec.codes)) from None
            raise CellError(problem.code, **problem.params) from None
    return read


def remembered(read: Reader) -> Reader:
    """``read`` once per distinct cell: a file repeats its values thousands of times."""
    seen: dict[str, tuple[bool, object]] = {}

    def remembered(cell: str):
        if cell not in seen:
            try:
                seen[cell] = (True, read(cell))
            except CellError as error:
                seen[cell] = (False, error)
        ok, result = seen[cell]
        if not ok:
            raise CellError(result.code, **result.params)
        return result
    return remembered


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
    readers = {"client_code": client_code, "gender": _vocabulary("gender", GENDERS, words), "age": _age,
            "opened_on": lambda cell: read_day(cell, today), "closed_on": lambda cell: read_day(cell, today),
            "close_reason": _vocabulary("close_reason", CLOSE_REASONS, words),
            "intervention_type": _vocabulary("intervention_type", INTERVENTION_TYPES, words),
            "length_group": _length_group, "therapist": therapist,
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


def read_table(content: bytes, filename: str, required: list[str], optional: Sequence[str]):
    """A file's hash, its rows of cells (none if it cannot be read or has no header), where each
    column is, and the problems of the file and its header."""
    sha256 = hashlib.sha256(content).hexdigest()
    try:
        table = read_cells(content, filename)
    except CellError as error:
        return sha256, [], {}, [ImportProblem(None, None, error.code, error.params)]
    header = [norm(cell) for cell in table[0]] if table else []
    if not any(header):
        return sha256, [], {}, [ImportProblem(None, None, "no-header",
                                              {"columns": ", ".join([*required, *optional])})]
    positions, problems = header_positions(header, table, required, optional=tuple(optional))
    return sha256, table, positions, problems


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
