"""The one writer of CSV and XLSX files: text that would start a formula is written as text."""
from __future__ import annotations

import csv
import io

import pandas as pd
import pytest
from openpyxl import load_workbook

from survey.reporting.workbook import csv_bytes, neutralise, workbook_bytes

DANGEROUS = ["=1+1", "+SUM(A1)", "-2+3", "@SUM(A1)", "\tx", "\rx",
             '=HYPERLINK("https://evil.example","klicka")']


@pytest.mark.parametrize("text", DANGEROUS)
def test_text_that_starts_a_formula_gets_an_apostrophe(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("value", ["Sunny home", "0-5", "a=b", "", None, -3, 2.5])
def test_anything_else_is_left_as_it_is(value):
    assert neutralise(value) == value


def _frame() -> pd.DataFrame:
    return pd.DataFrame({"=unit": DANGEROUS, "n": range(len(DANGEROUS)),
                         "mixed": [6, 0.5, "x", None, 1, 2, 3]})


def test_no_csv_cell_starts_a_formula_and_numbers_stay_numbers():
    rows = list(csv.reader(io.StringIO(csv_bytes(_frame()).decode("utf-8-sig"), newline="")))
    assert rows[0] == ["'=unit", "n", "mixed"]
    assert [row[0] for row in rows[1:]] == ["'" + text for text in DANGEROUS]
    assert [row[1] for row in rows[1:]] == [str(n) for n in range(len(DANGEROUS))]
    assert [row[2] for row in rows[1:3]] == ["6", "0.5"]  # not "6.0"


def test_no_xlsx_cell_is_a_formula_and_labels_are_neutralised_too():
    frame = _frame().set_index("=unit")
    book = load_workbook(io.BytesIO(workbook_bytes({"=Blad": frame})))
    sheet = book.worksheets[0]
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    texts = [cell.value for cell in cells if isinstance(cell.value, str)]
    assert "'=unit" in texts and "'" + DANGEROUS[-1] in texts
    assert not [text for text in texts if text.startswith(("=", "+", "-", "@"))]
