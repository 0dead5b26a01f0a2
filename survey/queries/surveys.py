"""Reads for survey rounds."""
from __future__ import annotations

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Answer, Response, Unit


def round_answers(db: Session, round_id: int) -> pd.DataFrame:
    """One row per answer of a survey round, with the unit's name."""
    query = (
        select(Response.id.label("response_id"), Unit.name.label("unit"), Answer.item_key,
               Answer.option_key)
        .join(Answer, Answer.response_id == Response.id)
        .join(Unit, Unit.id == Response.unit_id)
        .where(Response.round_id == round_id)
    )
    return pd.DataFrame(db.execute(query).all(),
                        columns=["response_id", "unit", "item_key", "option_key"])
