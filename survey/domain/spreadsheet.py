"""An uploaded CSV or XLSX read as rows of text, and the problems any such file can have before
its rows are read (shared by ``paper_file`` and ``org_file``; worded by ``web/file_problems.py``).

No Flask and no database here. A workbook's unpacked size and cell count are checked before it is
parsed: a small zip can hold a huge sheet.
"""
from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePath

import pandas as pd

MAX_XLSX_UNPACKED = 25 * 1024 * 1024
MAX_XLSX_CELLS = 250_000
_CELL_TAG = re.compile(rb"<(?:\w+:)?c[\s/>]")
# How many problems a page or the command line lists; the rest are counted.
SHOWN_PROBLEMS = 100


@dataclass(frozen=True)
class ImportProblem:
    """Where (row and column, either may be None) and what: a code and the parameters its
    words need (``unknown-gender``, value="x", allowed="woman, man …"); the web layer words it."""

    row: int | None  # as the spreadsheet shows it: the header is row 1
    column: str | None
    code: str
    params: dict[str, object] = field(default_factory=dict)

    def __str__(self) -> str:
        where = [f"row {self.row}"] if self.row is not None else []
        where += [f"column {self.column}"] if self.column is not None else []
        return f"{', '.join(where)}: {self.code}" if where else self.code


def first_problems(problems: list[ImportProblem]) -> tuple[list[ImportProblem], int]:
    """The problems to list (the first ``SHOWN_PROBLEMS``) and how many more there are."""
    return problems[:SHOWN_PROBLEMS], max(0, len(problems) - SHOWN_PROBLEMS)


class CellError(ValueError):
    """A file or cell that cannot be read: a code and its parameters (what is allowed)."""

    def __init__(self, code: str, **params) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


def norm(text: str) -> str:
    """Compare typed text loosely: case, spacing, curly apostrophes and dashes do not count."""
    text = unicodedata.normalize("NFC", text).replace("\u2019", "'")
    text = text.replace("\u2013", "-").replace("\u2212", "-")
    return " ".join(text.split()).casefold()


def column_letter(index: int) -> str:
    """The spreadsheet's name of a column: 0 → A, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _decode(content: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252 as older Swedish Excel saves it."""
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return content.decode("cp1252")  # may raise: reported as an unreadable file


def _check_workbook_size(content: bytes) -> None:
    """Refuse a workbook that unpacks to more than ``MAX_XLSX_UNPACKED`` bytes or holds more than
    ``MAX_XLSX_CELLS`` cells, before openpyxl spends seconds of CPU on it."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            entries = archive.infolist()
            if sum(entry.file_size for entry in entries) > MAX_XLSX_UNPACKED:
                raise CellError("xlsx-too-large", most=MAX_XLSX_UNPACKED // (1024 * 1024))
            cells = 0
            for entry in entries:
                if entry.filename.startswith("xl/worksheets/") and entry.filename.endswith(".xml"):
                    with archive.open(entry) as sheet:  # the sizes in the zip may lie
                        xml = sheet.read(MAX_XLSX_UNPACKED + 1)
                    if len(xml) > MAX_XLSX_UNPACKED:
                        raise CellError("xlsx-too-large",
                                        most=MAX_XLSX_UNPACKED // (1024 * 1024))
                    cells += len(_CELL_TAG.findall(xml))
    except CellError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        raise CellError("xlsx-unreadable") from None
    if cells > MAX_XLSX_CELLS:
        raise CellError("xlsx-too-many-cells", cells=cells, most=MAX_XLSX_CELLS)


def read_cells(content: bytes, filename: str) -> list[list[str]]:
    """Every row of the first sheet as text, the header included; raise ``CellError``."""
    extension = PurePath(filename).suffix.lower()
    if extension == ".csv":
        if content.startswith(b"PK\x03\x04"):
            raise CellError("csv-is-xlsx")
        try:
            text = _decode(content)
            first_line = text.split("\n", 1)[0]
            separator = ";" if first_line.count(";") > first_line.count(",") else ","
            frame = pd.read_csv(io.StringIO(text), sep=separator, header=None, dtype=str,
                                keep_default_na=False, skip_blank_lines=False)
        except pd.errors.EmptyDataError:
            return []
        except (UnicodeDecodeError, pd.errors.ParserError, ValueError) as error:
            raise CellError("csv-unreadable", detail=str(error)) from None
    elif extension == ".xlsx":
        _check_workbook_size(content)
        try:
            # keep_default_na=False: "None" (a label) and "NA" are answers, not empty cells
            frame = pd.read_excel(io.BytesIO(content), header=None, dtype=str, engine="openpyxl",
                                  keep_default_na=False)
        except Exception:  # openpyxl and zipfile raise many kinds for a broken file
            raise CellError("xlsx-unreadable") from None
    else:
        raise CellError("wrong-extension")
    return frame.fillna("").astype(str).values.tolist()


def header_positions(header: list[str], table: list[list[str]], expected: list[str],
                      optional: tuple[str, ...] = ()) -> tuple[dict[str, int], list[ImportProblem]]:
    """Where each expected column is, and every problem with the header row."""
    positions: dict[str, int] = {}
    problems: list[ImportProblem] = []
    for index, name in enumerate(header):
        if not name:
            if any(row[index].strip() for row in table[1:]):
                letter = column_letter(index)
                problems.append(ImportProblem(None, letter, "unnamed-column"))
        elif name in positions:
            problems.append(ImportProblem(None, name, "duplicate-column"))
        elif name not in expected and name not in optional:
            problems.append(ImportProblem(None, name, "unknown-column",
                                          {"allowed": ", ".join([*expected, *optional])}))
        else:
            positions[name] = index
    problems += [ImportProblem(None, name, "missing-column")
                 for name in expected if name not in positions]
    return positions, problems
