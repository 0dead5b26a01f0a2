"""Tables as files: CSV (UTF-8 with a byte-order mark, so Excel reads å, ä and ö) and XLSX with
valid, unique sheet names. A frame's index is written when it holds row labels (not 0, 1, 2 …)."""
from __future__ import annotations

import io
import re
from typing import Mapping

import pandas as pd


def _labelled(frame: pd.DataFrame) -> bool:
    return not isinstance(frame.index, pd.RangeIndex)


def csv_bytes(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(index=_labelled(frame)).encode("utf-8-sig")


def sheet_name(name: str, taken: set[str]) -> str:
    """An Excel sheet name: at most 31 characters, none of []:*?/\\, unique in the workbook."""
    base = re.sub(r"[\[\]:*?/\\]", "-", name)[:31] or "Blad"
    candidate, number = base, 2
    while candidate.lower() in taken:
        suffix = f" ({number})"
        candidate, number = base[:31 - len(suffix)] + suffix, number + 1
    taken.add(candidate.lower())
    return candidate


def workbook_bytes(sheets: Mapping[str, pd.DataFrame]) -> bytes:
    """Write the sheets (names made valid and unique) into an XLSX file."""
    buffer, taken = io.BytesIO(), set()
    with pd.ExcelWriter(buffer, engine="xlsxwriter") as writer:
        for name, frame in sheets.items():
            frame.to_excel(writer, sheet_name=sheet_name(name, taken), index=_labelled(frame))
    return buffer.getvalue()
