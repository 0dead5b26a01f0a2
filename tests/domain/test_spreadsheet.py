"""Any uploaded CSV or XLSX read as rows of text: separators, encodings, what Excel does to a
file, workbooks refused before they are parsed, and where a problem is."""
from __future__ import annotations

import io
import zipfile

import pandas as pd
import pytest

from survey.domain.spreadsheet import (
    MAX_XLSX_CELLS,
    SHOWN_PROBLEMS,
    CellError,
    ImportProblem,
    column_letter,
    first_problems,
    norm,
    read_cells,
)


def _code(content: bytes, filename: str) -> tuple[str, dict]:
    with pytest.raises(CellError) as raised:
        read_cells(content, filename)
    return raised.value.code, raised.value.params


@pytest.mark.parametrize("text", ["unit;gender\nEken;man\n", "unit,gender\nEken,man\n"])
def test_a_csv_reads_with_the_separator_of_its_header(text):
    assert read_cells(text.encode(), "a.csv") == [["unit", "gender"], ["Eken", "man"]]


@pytest.mark.parametrize("encoding, bom", [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("cp1252", b"")])
def test_a_csv_reads_in_utf_8_with_or_without_bom_and_in_windows_1252(encoding, bom):
    content = bom + "enhet;kön\nBjörkhagen;kvinna\n".encode(encoding)
    assert read_cells(content, "a.CSV") == [["enhet", "kön"], ["Björkhagen", "kvinna"]]


def test_labels_that_look_missing_stay_text_and_empty_cells_are_empty():
    assert read_cells(b"a,b,c\nNone,NA,\n", "a.csv")[1] == ["None", "NA", ""]
    buffer = io.BytesIO()
    pd.DataFrame([["None", "NA", None]], columns=["a", "b", "c"]).to_excel(buffer, index=False)
    assert read_cells(buffer.getvalue(), "a.xlsx") == [["a", "b", "c"], ["None", "NA", ""]]


def test_an_empty_csv_has_no_rows():
    assert read_cells(b"", "a.csv") == []


def test_files_that_cannot_be_read_say_why():
    workbook = io.BytesIO()
    pd.DataFrame([["x"]]).to_excel(workbook, index=False)
    assert _code(workbook.getvalue(), "a.csv")[0] == "csv-is-xlsx"
    assert _code(b"a,b\n1,2,3\n", "a.csv")[0] == "csv-unreadable"
    assert _code(b"not a workbook", "a.xlsx") == ("xlsx-unreadable", {})
    assert _code(b"a,b\n", "a.xls") == ("wrong-extension", {})


def _zip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_a_workbook_is_refused_by_its_unpacked_size_and_its_cells_before_it_is_parsed():
    assert _code(_zip({"xl/sharedStrings.xml": b" " * (26 * 1024 * 1024)}), "a.xlsx") == (
        "xlsx-too-large", {"most": 25})
    cells = MAX_XLSX_CELLS + 1
    sheet = b"<worksheet><sheetData><row>" + b"<c r='A1'/>" * cells + b"</row></sheetData></worksheet>"
    assert _code(_zip({"xl/worksheets/sheet1.xml": sheet}), "a.xlsx") == (
        "xlsx-too-many-cells", {"cells": cells, "most": MAX_XLSX_CELLS})


def test_typed_text_compares_loosely():
    assert norm("  Vet  inte \u2013 Don\u2019t ") == "vet inte - don't"
    assert norm("Ja") == norm("JA") != norm("Nej")


@pytest.mark.parametrize("index, letter", [(0, "A"), (25, "Z"), (26, "AA"), (701, "ZZ"), (702, "AAA")])
def test_columns_are_named_as_the_spreadsheet_names_them(index, letter):
    assert column_letter(index) == letter


def test_problems_say_where_they_are_without_row_or_column():
    assert str(ImportProblem(3, "gender", "unknown-gender")) == "row 3, column gender: unknown-gender"
    assert str(ImportProblem(None, "q7", "missing-column")) == "column q7: missing-column"
    assert str(ImportProblem(4, None, "duplicate")) == "row 4: duplicate"
    assert str(ImportProblem(None, None, "unreadable")) == "unreadable"


def test_the_first_problems_are_listed_and_the_rest_counted():
    problems = [ImportProblem(row, None, "x") for row in range(SHOWN_PROBLEMS + 7)]
    shown, more = first_problems(problems)
    assert shown == problems[:SHOWN_PROBLEMS] and more == 7
    assert first_problems(problems[:3]) == (problems[:3], 0)
