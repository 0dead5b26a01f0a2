"""Files sent to a browser: a table as CSV or XLSX, or any bytes, never cached on the way."""
from __future__ import annotations

import io
from typing import Mapping

import pandas as pd
from flask import Response, send_file

from survey.reporting.workbook import csv_bytes, workbook_bytes

MIMETYPES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


def download(data: bytes, name: str) -> Response:
    """``data`` as an attachment called ``name`` (its extension gives the type)."""
    response = send_file(io.BytesIO(data), mimetype=MIMETYPES[name.rsplit(".", 1)[-1]],
                         as_attachment=True, download_name=name, max_age=0)
    response.headers["Cache-Control"] = "no-store"
    return response


def table_download(sheets: Mapping[str, pd.DataFrame], name: str, fmt: str) -> Response:
    """The sheets as an XLSX workbook, or the first of them as CSV; ``name`` without extension."""
    data = csv_bytes(next(iter(sheets.values()))) if fmt == "csv" else workbook_bytes(sheets)
    return download(data, f"{name}.{fmt}")
