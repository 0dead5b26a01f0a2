"""Reads for survey rounds: answer and respondent counts summed in SQL, and the raw answers."""
from __future__ import annotations

import pandas as pd
from sqlalchemy import distinct, func, literal, select
from sqlalchemy.orm import Session

from ..models import Answer, Response, RoundUnit, Unit

ORGANISATION = "organisation"
_GROUPS = {"unit": Unit.name, "unit_group": func.coalesce(Unit.unit_group, Unit.name),
           "gender": func.coalesce(Response.gender, "not-stated"),
           "age_group": func.coalesce(Response.age_group, "not-stated")}


def _group(by: str):
    return _GROUPS.get(by, literal(ORGANISATION)).label("group")


def answer_counts(db: Session, round_id: int, by: str, unit_ids: list[int] | None = None) -> pd.DataFrame:
    """How many answered each option of each question, per group (``COUNT_COLUMNS``)."""
    group = _group(by)
    query = (select(group, Answer.item_key, Answer.option_key, func.count())
             .join(Response, Response.id == Answer.response_id)
             .join(Unit, Unit.id == Response.unit_id)
             .where(Response.round_id == round_id)
             .group_by(group, Answer.item_key, Answer.option_key))
    if unit_ids is not None:
        query = query.where(Response.unit_id.in_(unit_ids))
    return pd.DataFrame.from_records([tuple(r) for r in db.execute(query)],
                                     columns=["group", "item_key", "option_key", "count"])


def respondent_counts(db: Session, round_id: int, by: str, unit_ids: list[int] | None = None) -> pd.Series:
    """Respondents per group."""
    group = _group(by)
    query = (select(group, func.count(distinct(Response.id)))
             .join(Unit, Unit.id == Response.unit_id)
             .where(Response.round_id == round_id).group_by(group))
    if unit_ids is not None:
        query = query.where(Response.unit_id.in_(unit_ids))
    return pd.Series(dict(db.execute(query).all()), dtype=int, name="respondents")


def round_progress(db: Session, round_id: int) -> pd.DataFrame:
    """Per unit of a round: its name, group, how many were asked and how many answered."""
    answered = (select(Response.unit_id, func.count().label("n")).where(Response.round_id == round_id)
                .group_by(Response.unit_id).subquery())
    query = (select(Unit.id, Unit.name, Unit.unit_group, RoundUnit.eligible,
                    func.coalesce(answered.c.n, 0), RoundUnit.code)
             .join(Unit, Unit.id == RoundUnit.unit_id)
             .outerjoin(answered, answered.c.unit_id == RoundUnit.unit_id)
             .where(RoundUnit.round_id == round_id).order_by(Unit.name))
    return pd.DataFrame.from_records([tuple(r) for r in db.execute(query)],
                                     columns=["unit_id", "unit", "unit_group", "eligible",
                                              "respondents", "code"])


def raw_answers(db: Session, round_id: int) -> pd.DataFrame:
    """One row per answer: unit, respondent id, gender, age group, mode, question, option."""
    query = (select(Unit.name, Response.uid, Response.gender, Response.age_group, Response.mode,
                    Response.source, Answer.item_key, Answer.option_key)
             .join(Response, Response.id == Answer.response_id)
             .join(Unit, Unit.id == Response.unit_id)
             .where(Response.round_id == round_id)
             .order_by(Unit.name, Response.id, Answer.id))
    return pd.DataFrame.from_records([tuple(r) for r in db.execute(query)],
                                     columns=["unit", "respondent", "gender", "age_group", "mode",
                                              "source", "item_key", "option_key"])
