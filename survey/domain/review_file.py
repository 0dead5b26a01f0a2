"""A file of one record review's values (one row per record: the client's code, the episode's
start date, then every variable of the review): each row matched to an episode the review holds,
each cell read as in a file of records (a code or a label; empty is "not stated", as on the
review screen), every problem with row and column. No Flask and no database: the caller passes
the review's records, and stores nothing unless the problem list is empty.

The start date may be left out for a client with one record in the review. A record already
done in the review is refused: its values were recorded on the review screen.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from survey.domain.record_cells import (
    client_code,
    read_day,
    read_table,
    remembered,
    variable_reader,
)
from survey.domain.spreadsheet import CellError, ImportProblem
from survey.domain.variables import NOT_STATED_VALUE, ParsedValue, VariableSpec

REVIEW_COLUMNS = ("client_code", "opened_on")


@dataclass(frozen=True)
class ReviewRecord:
    """One episode the review holds, as the caller knows it."""

    episode_id: int
    client_code: str
    opened_on: date
    done: bool


@dataclass(frozen=True)
class ReviewRow:
    row: int
    episode_id: int
    values: dict[str, ParsedValue]  # every review variable by key


@dataclass(frozen=True)
class ReviewFile:
    sha256: str
    rows: list[ReviewRow]
    problems: list[ImportProblem]


def review_columns(variables: Sequence[VariableSpec]) -> list[str]:
    """A review file's columns, in the template's order."""
    return [*REVIEW_COLUMNS, *(spec.key for spec in variables)]


def _record_of(number: int, cells: list[str], positions: Mapping[str, int],
               by_code: Mapping[str, list[ReviewRecord]]) -> ReviewRecord | ImportProblem:
    """The review's record a row names, or the problem that says why it names none."""
    try:
        code = client_code(cells[positions["client_code"]].strip())
    except CellError as error:
        return ImportProblem(number, "client_code", error.code, error.params)
    cell = cells[positions["opened_on"]].strip() if "opened_on" in positions else ""
    try:
        opened = read_day(cell, date.max)
    except CellError as error:
        return ImportProblem(number, "opened_on", error.code, error.params)
    records = by_code.get(code, [])
    if not records:
        return ImportProblem(number, "client_code", "not-in-review", {"value": code})
    if opened is not None:
        record = next((r for r in records if r.opened_on == opened), None)
        if record is None:
            return ImportProblem(number, "opened_on", "not-in-review-on", {"value": cell})
    elif len(records) > 1:
        return ImportProblem(number, "opened_on", "review-start-required", {"count": len(records)})
    else:
        (record,) = records
    if record.done:
        return ImportProblem(number, "client_code", "already-reviewed")
    return record


def parse_review_values(content: bytes, filename: str, variables: Sequence[VariableSpec],
                        records: Sequence[ReviewRecord],
                        words: Mapping[str, Mapping[str, str]]) -> ReviewFile:
    """Read and check a whole file; ``rows`` is empty unless there is no problem at all."""
    expected = review_columns(variables)
    keys = [spec.key for spec in variables]
    sha256, table, positions, problems = read_table(content, filename, ["client_code", *keys],
                                                    ["opened_on"])
    if not table or problems:
        return ReviewFile(sha256, [], problems)
    by_code: dict[str, list[ReviewRecord]] = {}
    for record in records:
        by_code.setdefault(record.client_code, []).append(record)
    readers = {spec.key: remembered(variable_reader(spec, words)) for spec in variables}
    found: list[ReviewRow] = []
    seen: dict[int, int] = {}  # episode id -> the row that named it first
    for number, cells in enumerate(table[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        record = _record_of(number, cells, positions, by_code)
        if isinstance(record, ReviewRecord) and record.episode_id in seen:
            record = ImportProblem(number, "client_code", "duplicate-episode",
                                   {"row": seen[record.episode_id]})
        if isinstance(record, ImportProblem):
            problems.append(record)
        else:
            seen[record.episode_id] = number
        values = {}
        for key in keys:
            try:
                values[key] = readers[key](cells[positions[key]].strip()) or NOT_STATED_VALUE
            except CellError as error:
                problems.append(ImportProblem(number, key, error.code, error.params))
        if isinstance(record, ReviewRecord):
            found.append(ReviewRow(number, record.episode_id, values))
    if not found and not problems:
        problems.append(ImportProblem(None, None, "no-records"))
    if problems:
        problems.sort(key=lambda p: (p.row or 0, expected.index(p.column) if p.column in expected else -1))
        return ReviewFile(sha256, [], problems)
    return ReviewFile(sha256, found, [])
