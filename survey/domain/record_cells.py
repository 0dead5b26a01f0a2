"""Reading the cells of a file of records or of a review's values: a client's code, a day, an
age, a length group, a vocabulary's or a defined variable's value (its code or its label), each
cell read once however often a file repeats it; and a file's table with its header checked. No
Flask and no database."""
from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date

from survey.domain.age_schemes import bands_from, check_age
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

# Ten or twelve digits, as a Swedish, Norwegian, Danish or Finnish personal identity number.
_PERSONAL_NUMBER = re.compile(r"^(\d{6}|\d{8})[-+A]?\d{3}[\dA-Z]$|^\d{6}-?\d{5}$")
Reader = Callable[[str], object]


def _lookup(codes: Sequence[str], *labels: Mapping[str, str]) -> dict[str, str]:
    """Written value (loosely compared) -> code: the codes, then every label no two codes share."""
    found: dict[str, set[str]] = {}
    for words in labels:
        for label, code in words.items():
            if code in codes and label.strip():
                found.setdefault(norm(label), set()).add(code)
    table = {label: next(iter(c)) for label, c in found.items() if len(c) == 1}
    return table | {norm(code): code for code in codes}


def vocabulary_reader(name: str, codes: Sequence[str], words: Mapping) -> Reader:
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


def read_age(cell: str) -> int | None:
    if not cell:
        return None
    try:
        value = float(cell.replace(",", "."))
        if value != int(value):
            raise ValueError
        return check_age(int(value))
    except (ValueError, OverflowError, VariableProblem):
        raise CellError("not-an-age", value=cell) from None


def read_length_group(cell: str) -> str | None:
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
