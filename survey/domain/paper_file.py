"""Paper survey answers typed into a spreadsheet: read, check every cell, report every problem.

No Flask and no database here. ``parse_paper_file`` never raises for what a user uploads; it
returns the valid rows and a list of problems, and nothing should be stored unless that list is
empty.
"""
from __future__ import annotations

import hashlib
import io
import re
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Callable, Mapping

import pandas as pd

from survey.domain.instruments import ChoiceAnswer, Questionnaire, Scale
from survey.domain.vocabulary import AGE_GROUPS, GENDERS

BACKGROUND_COLUMNS = ("unit", "gender", "age_group", "mode")
# Optional: the number written on the paper form. With it, a form typed twice is recognised by
# its number (two people may well give identical answers), and a corrected file re-imported
# later is stored once.
FORM_COLUMN = "form"
GENDER_WORDS = {key: key for key in GENDERS} | {"kvinna": "woman", "annat": "other"}
# Relatives may not answer the user survey for clients, so "proxy" is not taken from paper.
PAPER_MODES = {"self": "self", "read-aloud": "read-aloud", "interview": "interview",
               "själv": "self", "uppläsning": "read-aloud", "intervju": "interview"}
_UID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "survey:paper-import")
# A workbook is checked before it is parsed: a small zip can hold a huge sheet.
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


@dataclass(frozen=True)
class PaperRow:
    row: int
    form: str | None  # the number on the paper form, when the file has a form column
    unit_id: int
    gender: str | None
    age_group: str | None
    mode: str
    answers: dict[str, str | None]  # item key -> option key, None when unanswered


@dataclass(frozen=True)
class ParsedFile:
    sha256: str  # of the raw bytes
    rows: list[PaperRow]
    problems: list[ImportProblem]


class _CellError(ValueError):
    """A file or cell that cannot be read: a code and its parameters (what is allowed)."""

    def __init__(self, code: str, **params) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


def _norm(text: str) -> str:
    """Compare typed text loosely: case, spacing, curly apostrophes and dashes do not count."""
    text = unicodedata.normalize("NFC", text).replace("\u2019", "'")
    text = text.replace("\u2013", "-").replace("\u2212", "-")
    return " ".join(text.split()).casefold()


def _column_letter(index: int) -> str:
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
                raise _CellError("xlsx-too-large", most=MAX_XLSX_UNPACKED // (1024 * 1024))
            cells = 0
            for entry in entries:
                if entry.filename.startswith("xl/worksheets/") and entry.filename.endswith(".xml"):
                    with archive.open(entry) as sheet:  # the sizes in the zip may lie
                        xml = sheet.read(MAX_XLSX_UNPACKED + 1)
                    if len(xml) > MAX_XLSX_UNPACKED:
                        raise _CellError("xlsx-too-large",
                                         most=MAX_XLSX_UNPACKED // (1024 * 1024))
                    cells += len(_CELL_TAG.findall(xml))
    except _CellError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        raise _CellError("xlsx-unreadable") from None
    if cells > MAX_XLSX_CELLS:
        raise _CellError("xlsx-too-many-cells", cells=cells, most=MAX_XLSX_CELLS)


def _read_cells(content: bytes, filename: str) -> list[list[str]]:
    """Every row of the first sheet as text, the header included; raise ``_CellError``."""
    extension = PurePath(filename).suffix.lower()
    if extension == ".csv":
        if content.startswith(b"PK\x03\x04"):
            raise _CellError("csv-is-xlsx")
        try:
            text = _decode(content)
            first_line = text.split("\n", 1)[0]
            separator = ";" if first_line.count(";") > first_line.count(",") else ","
            frame = pd.read_csv(io.StringIO(text), sep=separator, header=None, dtype=str,
                                keep_default_na=False, skip_blank_lines=False)
        except pd.errors.EmptyDataError:
            return []
        except (UnicodeDecodeError, pd.errors.ParserError, ValueError) as error:
            raise _CellError("csv-unreadable", detail=str(error)) from None
    elif extension == ".xlsx":
        _check_workbook_size(content)
        try:
            # keep_default_na=False: "None" (a label) and "NA" are answers, not empty cells
            frame = pd.read_excel(io.BytesIO(content), header=None, dtype=str, engine="openpyxl",
                                  keep_default_na=False)
        except Exception:  # openpyxl and zipfile raise many kinds for a broken file
            raise _CellError("xlsx-unreadable") from None
    else:
        raise _CellError("wrong-extension")
    return frame.fillna("").astype(str).values.tolist()


def _choice_reader(scale: Scale, languages: list[str], required: bool) -> Callable[[str], str | None]:
    """A reader of one question's cells: option key or label in any language."""
    lookup = {_norm(option.key): option.key for option in scale.options}
    for option in scale.options:
        for language in languages:
            lookup.setdefault(_norm(option.label.get(language, option.key)), option.key)
    allowed = ", ".join(scale.option_keys)

    def read(cell: str) -> str | None:
        if not cell:
            if required:
                raise _CellError("answer-required")
            return None
        if _norm(cell) not in lookup:
            raise _CellError("unknown-option", value=cell, allowed=allowed)
        return lookup[_norm(cell)]
    return read


def _background_readers(units: Mapping[str, int]) -> dict[str, Callable[[str], object]]:
    """Readers of the unit, gender, age group and mode cells."""
    unit_ids = {_norm(name): unit_id for name, unit_id in units.items()}
    age_groups = {_norm(group): group for group in AGE_GROUPS}

    def unit(cell: str) -> int:
        if not cell:
            raise _CellError("unit-required")
        if _norm(cell) not in unit_ids:
            raise _CellError("unknown-unit", value=cell, allowed=", ".join(units))
        return unit_ids[_norm(cell)]

    def gender(cell: str) -> str | None:
        if cell and _norm(cell) not in GENDER_WORDS:
            raise _CellError("unknown-gender", value=cell, allowed=", ".join(GENDER_WORDS))
        return GENDER_WORDS[_norm(cell)] if cell else None

    def age_group(cell: str) -> str | None:
        if cell and _norm(cell) not in age_groups:
            looks_like_date = cell[:4].isdigit()  # Excel turns "6-12" into a date unless told not to
            raise _CellError("age-group-as-date" if looks_like_date else "unknown-age-group",
                             value=cell, allowed=", ".join(AGE_GROUPS))
        return age_groups[_norm(cell)] if cell else None

    def mode(cell: str) -> str:
        allowed = ", ".join(PAPER_MODES)
        if not cell:
            raise _CellError("mode-required", allowed=allowed)
        if _norm(cell) == "proxy":
            raise _CellError("proxy-not-allowed", allowed=allowed)
        if _norm(cell) not in PAPER_MODES:
            raise _CellError("unknown-mode", value=cell, allowed=allowed)
        return PAPER_MODES[_norm(cell)]
    return {"unit": unit, "gender": gender, "age_group": age_group, "mode": mode}


def _choice_keys(questionnaire: Questionnaire) -> list[str]:
    return [item.key for item in questionnaire.items if isinstance(item.answer, ChoiceAnswer)]


def _header_positions(header: list[str], table: list[list[str]], expected: list[str],
                      optional: tuple[str, ...] = ()) -> tuple[dict[str, int], list[ImportProblem]]:
    """Where each expected column is, and every problem with the header row."""
    positions: dict[str, int] = {}
    problems: list[ImportProblem] = []
    for index, name in enumerate(header):
        if not name:
            if any(row[index].strip() for row in table[1:]):
                letter = _column_letter(index)
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


def parse_paper_file(content: bytes, filename: str, questionnaire: Questionnaire,
                     units: Mapping[str, int]) -> ParsedFile:
    """Read and check a whole file; ``rows`` holds only rows without problems."""
    sha256 = hashlib.sha256(content).hexdigest()
    try:
        table = _read_cells(content, filename)
    except _CellError as error:
        return ParsedFile(sha256, [], [ImportProblem(None, None, error.code, error.params)])
    header = [_norm(cell) for cell in table[0]] if table else []
    expected = [*BACKGROUND_COLUMNS, *_choice_keys(questionnaire)]
    if not any(header):
        return ParsedFile(sha256, [], [ImportProblem(None, None, "no-header",
                                                     {"columns": ", ".join(expected)})])
    positions, problems = _header_positions(header, table, expected, optional=(FORM_COLUMN,))
    readers: dict[str, Callable[[str], object]] = _background_readers(units)
    readers[FORM_COLUMN] = lambda cell: cell or None
    for key in _choice_keys(questionnaire):
        item = questionnaire.items_by_key[key]
        readers[key] = _choice_reader(questionnaire.scale_of(item), questionnaire.languages,
                                      required=not questionnaire.allow_skip)
    readers_at = {index: (name, readers[name]) for name, index in positions.items()}
    complete = all(name in positions for name in expected)
    rows: list[PaperRow] = []
    first_seen: dict[tuple, int] = {}
    for row_number, cells in enumerate(table[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue  # blank lines, e.g. trailing rows Excel keeps
        values: dict[str, object] = {}
        row_problems: list[ImportProblem] = []
        for index, (name, read) in readers_at.items():
            try:
                values[name] = read(cells[index].strip())
            except _CellError as error:
                row_problems.append(ImportProblem(row_number, name, error.code, error.params))
        # The same form typed twice: the same form number in a unit, or, without numbers, rows
        # identical once read (a key and its label count as the same).
        if values.get(FORM_COLUMN):
            fingerprint = (FORM_COLUMN, values.get("unit"), values[FORM_COLUMN])
        else:
            fingerprint = tuple(values.get(readers_at[i][0], _norm(cell)) if i in readers_at
                                else _norm(cell) for i, cell in enumerate(cells))
        if fingerprint in first_seen:
            row_problems.append(ImportProblem(row_number, None, "duplicate-respondent",
                                              {"row": first_seen[fingerprint]}))
        first_seen.setdefault(fingerprint, row_number)
        problems += row_problems
        if complete and not row_problems:
            rows.append(PaperRow(
                row=row_number, form=values.get(FORM_COLUMN), unit_id=values["unit"],
                gender=values["gender"],
                age_group=values["age_group"], mode=values["mode"],
                answers={key: values[key] for key in expected[len(BACKGROUND_COLUMNS):]},
            ))
    if not first_seen and not problems:
        problems.append(ImportProblem(None, None, "no-respondents"))
    return ParsedFile(sha256, rows, problems)


def template_rows(questionnaire: Questionnaire, language: str, unit_names: list[str]) -> pd.DataFrame:
    """An empty frame with the file's columns in order: background, then choice item keys.

    ``language`` must be one of the questionnaire's; ``unit_names`` are not written (no rows).
    """
    if language not in questionnaire.languages:
        raise ValueError(f"language must be one of {', '.join(questionnaire.languages)}")
    return pd.DataFrame(columns=["unit", FORM_COLUMN, *BACKGROUND_COLUMNS[1:],
                                 *_choice_keys(questionnaire)], dtype=str)


def row_uid(sha256: str, row: int) -> str:
    """The response uid for one row: the same file and row always give the same uid."""
    return str(uuid.uuid5(_UID_NAMESPACE, f"{sha256}:{row}"))


def form_uid(round_id: int, unit_id: int, form: str) -> str:
    """The response uid of a numbered paper form: the same form is stored once, whatever file."""
    return str(uuid.uuid5(_UID_NAMESPACE, f"form:{round_id}:{unit_id}:{form}"))
