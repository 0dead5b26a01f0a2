"""The rows of a ``select()`` as a pandas frame, fast: for the reads of many values."""
from __future__ import annotations

import pandas as pd
from sqlalchemy import func
from sqlalchemy.orm import Session


def frame_of(db: Session, query, columns: list[str]) -> pd.DataFrame:
    """The rows of a Core ``select()`` as a frame, taken from the driver's cursor as plain tuples
    (no ``Row`` for each, which costs more than the query): for columns that need no
    conversion, dates asked for as ISO text (``iso_day``)."""
    result = db.connection().execute(query)
    try:
        rows = result.cursor.fetchall()
    finally:
        result.close()
    return pd.DataFrame.from_records(rows, columns=columns)


def iso_day(db: Session, column):
    """A date as ``YYYY-MM-DD`` text, whatever the server's date style (pandas reads it at once)."""
    if db.get_bind().dialect.name == "sqlite":
        return func.strftime("%Y-%m-%d", column)
    return func.to_char(column, "YYYY-MM-DD")
