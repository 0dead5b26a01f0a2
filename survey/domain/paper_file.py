"""Paper survey answers typed into a spreadsheet (read by ``spreadsheet``): every cell checked
against the questionnaire and the units, every problem reported; the import template.

No Flask and no database here. ``parse_paper_file`` never raises for what a user uploads; it
returns the valid rows and a list of problems, and nothing should be stored unless that list is
empty.
"""
from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from typing import Callable, Mapping

import pandas as pd

from survey.domain.instruments import ChoiceAnswer, Questionnaire, Scale
from survey.domain.spreadsheet import CellError, ImportProblem, header_positions, norm, read_cells
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


def _choice_reader(scale: Scale, languages: list[str], required: bool) -> Callable[[str], str | None]:
    """A reader of one question's cells: option key or label in any language."""
    lookup = {norm(option.key): option.key for option in scale.options}
    for option in scale.options:
        for language in languages:
            lookup.setdefault(norm(option.label.get(language, option.key)), option.key)
    allowed = ", ".join(scale.option_keys)

    def read(cell: str) -> str | None:
        if not cell:
            if required:
                raise CellError("answer-required")
            return None
        if norm(cell) not in lookup:
            raise CellError("unknown-option", value=cell, allowed=allowed)
        return lookup[norm(cell)]
    return read


def _background_readers(units: Mapping[str, int]) -> dict[str, Callable[[str], object]]:
    """Readers of the unit, gender, age group and mode cells."""
    unit_ids = {norm(name): unit_id for name, unit_id in units.items()}
    age_groups = {norm(group): group for group in AGE_GROUPS}

    def unit(cell: str) -> int:
        if not cell:
            raise CellError("unit-required")
        if norm(cell) not in unit_ids:
            raise CellError("unknown-unit", value=cell, allowed=", ".join(units))
        return unit_ids[norm(cell)]

    def gender(cell: str) -> str | None:
        if cell and norm(cell) not in GENDER_WORDS:
            raise CellError("unknown-gender", value=cell, allowed=", ".join(GENDER_WORDS))
        return GENDER_WORDS[norm(cell)] if cell else None

    def age_group(cell: str) -> str | None:
        if cell and norm(cell) not in age_groups:
            looks_like_date = cell[:4].isdigit()  # Excel turns "6-12" into a date unless told not to
            raise CellError("age-group-as-date" if looks_like_date else "unknown-age-group",
                             value=cell, allowed=", ".join(AGE_GROUPS))
        return age_groups[norm(cell)] if cell else None

    def mode(cell: str) -> str:
        allowed = ", ".join(PAPER_MODES)
        if not cell:
            raise CellError("mode-required", allowed=allowed)
        if norm(cell) == "proxy":
            raise CellError("proxy-not-allowed", allowed=allowed)
        if norm(cell) not in PAPER_MODES:
            raise CellError("unknown-mode", value=cell, allowed=allowed)
        return PAPER_MODES[norm(cell)]
    return {"unit": unit, "gender": gender, "age_group": age_group, "mode": mode}


def _choice_keys(questionnaire: Questionnaire) -> list[str]:
    return [item.key for item in questionnaire.items if isinstance(item.answer, ChoiceAnswer)]


def parse_paper_file(content: bytes, filename: str, questionnaire: Questionnaire,
                     units: Mapping[str, int]) -> ParsedFile:
    """Read and check a whole file; ``rows`` holds only rows without problems."""
    sha256 = hashlib.sha256(content).hexdigest()
    try:
        table = read_cells(content, filename)
    except CellError as error:
        return ParsedFile(sha256, [], [ImportProblem(None, None, error.code, error.params)])
    header = [norm(cell) for cell in table[0]] if table else []
    expected = [*BACKGROUND_COLUMNS, *_choice_keys(questionnaire)]
    if not any(header):
        return ParsedFile(sha256, [], [ImportProblem(None, None, "no-header",
                                                     {"columns": ", ".join(expected)})])
    positions, problems = header_positions(header, table, expected, optional=(FORM_COLUMN,))
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
            except CellError as error:
                row_problems.append(ImportProblem(row_number, name, error.code, error.params))
        # The same form typed twice: the same form number in a unit, or, without numbers, rows
        # identical once read (a key and its label count as the same).
        if values.get(FORM_COLUMN):
            fingerprint = (FORM_COLUMN, values.get("unit"), values[FORM_COLUMN])
        else:
            fingerprint = tuple(values.get(readers_at[i][0], norm(cell)) if i in readers_at
                                else norm(cell) for i, cell in enumerate(cells))
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
