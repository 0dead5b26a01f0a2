"""The words of the problems any uploaded CSV/XLSX can have before its rows are read (the shared
reader domain/spreadsheet.py, used for paper answers and for units and staff)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

FILE_PROBLEMS = {
    "xlsx-too-large": _l("the workbook is too large unpacked (at most %(most)s MB)"),
    "xlsx-unreadable": _l("the file cannot be read as an Excel workbook (.xlsx)"),
    "xlsx-too-many-cells": _l("the workbook has %(cells)s cells; at most %(most)s are read "
                              "(split it into smaller files)"),
    "csv-is-xlsx": _l("this is an Excel file, not a CSV file: upload it as .xlsx"),
    "csv-unreadable": _l("the CSV file cannot be read (%(detail)s)"),
    "wrong-extension": _l("the file must be a .csv or .xlsx file (save .xls files as .xlsx)"),
}
