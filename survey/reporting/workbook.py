"""Tables as files: CSV (UTF-8 with a byte-order mark, so Excel reads å, ä and ö) and XLSX with
valid, unique sheet names. A frame's index is written when it holds row labels (not 0, 1, 2 …).
Every text cell, header and label that a spreadsheet would read as a formula is neutralised."""
from __future__ import annotations

import io
import re
from typing import Mapping

import pandas as pd

# What makes Excel, LibreOffice or Sheets start a formula (or DDE) in a cell (OWASP CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """Text a spreadsheet would run as a formula, made plain text by a leading apostrophe;
    anything else (numbers, dates, other text) unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _neutralised(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with every text cell, column name and row label neutralised."""
    safe = frame.copy()
    for position in range(frame.shape[1]):
        column = frame.iloc[:, position]
        if column.dtype == object or pd.api.types.is_string_dtype(column):
            # Cell by cell, kept as objects: a column of mixed numbers keeps 6 as 6, not 6.0.
            safe.isetitem(position, pd.Series([neutralise(value) for value in column],
                                              index=column.index, dtype=column.dtype))
    safe.columns = _neutralised_labels(frame.columns)
    if _labelled(frame):
        safe.index = _neutralised_labels(frame.index)
    return safe


def _neutralised_labels(labels: pd.Index) -> pd.Index:
    if isinstance(labels, pd.MultiIndex):
        safe = labels.set_levels([level.map(neutralise) for level in labels.levels])
    else:
        safe = labels.map(neutralise)
    return safe.set_names([neutralise(name) for name in labels.names])


def _labelled(frame: pd.DataFrame) -> bool:
    return not isinstance(frame.index, pd.RangeIndex)


def csv_bytes(frame: pd.DataFrame) -> bytes:
    # CRLF line ends (RFC 4180): a carriage return inside a cell is then quoted, not a new row.
    return _neutralised(frame).to_csv(index=_labelled(frame), lineterminator="\r\n").encode("utf-8-sig")


def sheet_name(name: str, taken: set[str]) -> str:
    """An Excel sheet name: at most 31 characters, none of []:*?/\\, unique in the workbook."""
    base = re.sub(r"[\[\]:*?/\\]", "-", name)[:31] or str(len(taken) + 1)  # no empty name
    candidate, number = base, 2
    while candidate.lower() in taken:
        suffix = f" ({number})"
        candidate, number = base[:31 - len(suffix)] + suffix, number + 1
    taken.add(candidate.lower())
    return candidate


def workbook_bytes(sheets: Mapping[str, pd.DataFrame]) -> bytes:
    """Write the sheets (names made valid and unique) into an XLSX file."""
    buffer, taken = io.BytesIO(), set()
    # xlsxwriter would otherwise write any text starting with "=" as a live formula.
    options = {"strings_to_formulas": False, "strings_to_urls": False}
    with pd.ExcelWriter(buffer, engine="xlsxwriter", engine_kwargs={"options": options}) as writer:
        for name, frame in sheets.items():
            _neutralised(frame).to_excel(writer, sheet_name=sheet_name(name, taken),
                                         index=_labelled(frame))
    return buffer.getvalue()
