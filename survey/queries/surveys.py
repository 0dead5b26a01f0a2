"""Reads for survey rounds: answer and respondent counts summed in SQL, and the raw answers."""
from __future__ import annotations

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from survey.models import (
    Answer,
    AnswerTally,
    RespondentTally,
    Response,
    RoundUnit,
    SkipTally,
    Unit,
    UnitAnswerTally,
    join_report_group,
    report_group_column,
)
from survey.models.tallies import NOT_STATED, UNANSWERED

ORGANISATION = "organisation"
_COLUMNS = {"unit": Unit.name, "unit_group": report_group_column(),
            "gender": func.coalesce(Response.gender, NOT_STATED),
            "age_group": func.coalesce(Response.age_group, NOT_STATED)}


def _in_round(query, source, by: tuple[str, ...], round_id: int, unit_ids: list[int] | None):
    """``query`` over one round's rows of ``source`` (responses or a tally), of ``unit_ids``
    (None for all), joined to the units and their report groups when ``by`` names them."""
    if {"unit", "unit_group"} & set(by):
        query = query.join(Unit, Unit.id == source.unit_id)
    if "unit_group" in by:
        query = join_report_group(query)
    if unit_ids is not None:
        query = query.where(source.unit_id.in_(unit_ids))
    return query.where(source.round_id == round_id)


def _grouped(query, by: tuple[str, ...], round_id: int, unit_ids: list[int] | None):
    columns = [_COLUMNS[name].label(name) for name in by]
    return _in_round(query.add_columns(*columns).group_by(*columns), Response, by, round_id, unit_ids)


def _tallied(model, by: tuple[str, ...], round_id: int, unit_ids: list[int] | None, *columns):
    """``columns``, the sum of a tally's ``n`` and the ``by`` columns (unit, unit_group, gender,
    age_group) over the round's rows (of ``unit_ids``, None for all), grouped by both."""
    named = {"unit": Unit.name, "unit_group": report_group_column(),
             "gender": getattr(model, "gender", None), "age_group": getattr(model, "age_group", None)}
    grouping = [named[name].label(name) for name in by]
    return _in_round(select(*columns, func.sum(model.n), *grouping), model, by, round_id,
                     unit_ids).group_by(*columns, *grouping)


def answer_counts(db: Session, round_id: int, by: tuple[str, ...],
                  unit_ids: list[int] | None = None) -> pd.DataFrame:
    """How many answered each option of each question, per combination of ``by`` columns
    (unit, unit_group, gender, age_group); ``option_key`` is None for unanswered.

    Read from the round's tallies where one holds the grain (every unit's by gender and age
    group, or by unit or group of units), else from the answers of ``unit_ids``."""
    if set(by) <= {"gender", "age_group"} and unit_ids is None:
        model = AnswerTally
    elif set(by) <= {"unit", "unit_group"}:
        model = UnitAnswerTally
    else:
        query = _grouped(select(Answer.item_key, Answer.option_key, func.count())
                         .select_from(Answer).join(Response, Response.id == Answer.response_id)
                         .group_by(Answer.item_key, Answer.option_key), by, round_id, unit_ids)
        return _frame(db, query, ["item_key", "option_key", "count", *by])
    query = _tallied(model, by, round_id, unit_ids, model.item_key,
                     func.nullif(model.option_key, UNANSWERED))
    return _frame(db, query, ["item_key", "option_key", "count", *by])


def respondent_counts(db: Session, round_id: int, by: tuple[str, ...],
                      unit_ids: list[int] | None = None) -> pd.DataFrame:
    """Respondents per combination of ``by`` columns (from the round's tallies)."""
    query = _tallied(RespondentTally, by, round_id, unit_ids)
    return _frame(db, query, ["respondents", *by])


def skipped_counts(db: Session, round_id: int) -> pd.DataFrame:
    """Answers left empty or "don't know" per question, unit, unit group, gender and age group
    (from the round's tallies): with the respondents, the sizes the round's disclosure pattern
    is computed from (few rows, however large the round)."""
    query = _tallied(SkipTally, ("unit", "unit_group", "gender", "age_group"), round_id, None,
                     SkipTally.item_key)
    return _frame(db, query, ["item_key", "skipped", "unit", "unit_group", "gender", "age_group"])


def _frame(db: Session, query, columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame.from_records([tuple(r) for r in db.execute(query)], columns=columns)


def round_stamp(db: Session, round_id: int) -> tuple[int, int]:
    """Changes whenever a response is added to the round (answers are never edited)."""
    count, last = db.execute(select(func.count(Response.id), func.coalesce(func.max(Response.id), 0))
                             .where(Response.round_id == round_id)).one()
    return count, last


def round_progress(db: Session, round_id: int, unit_ids: list[int] | None = None) -> pd.DataFrame:
    """Per unit of a round (of ``unit_ids``, None for all): its name, group, how many were
    asked and how many answered."""
    answered = select(Response.unit_id, func.count().label("n")).where(Response.round_id == round_id)
    units = RoundUnit.round_id == round_id
    if unit_ids is not None:
        answered = answered.where(Response.unit_id.in_(unit_ids))
        units &= RoundUnit.unit_id.in_(unit_ids)
    answered = answered.group_by(Response.unit_id).subquery()
    query = (select(Unit.id, Unit.name, report_group_column(), RoundUnit.eligible,
                    func.coalesce(answered.c.n, 0), RoundUnit.code)
             .join(Unit, Unit.id == RoundUnit.unit_id)
             .outerjoin(answered, answered.c.unit_id == RoundUnit.unit_id)
             .where(units).order_by(Unit.name))
    return pd.DataFrame.from_records([tuple(r) for r in db.execute(join_report_group(query))],
                                     columns=["unit_id", "unit", "unit_group", "eligible",
                                              "respondents", "code"])


def raw_answers(db: Session, round_id: int) -> pd.DataFrame:
    """One row per answer: unit, respondent id, gender, age group, mode, source (tablet or
    paper) and the paper import it came in, the language answered in, question, option."""
    query = (select(Unit.name, Response.uid, Response.gender, Response.age_group, Response.mode,
                    Response.source, Response.import_batch_id, Response.language,
                    Answer.item_key, Answer.option_key)
             .join(Response, Response.id == Answer.response_id)
             .join(Unit, Unit.id == Response.unit_id)
             .where(Response.round_id == round_id)
             .order_by(Unit.name, Response.id, Answer.id))
    return pd.DataFrame.from_records([tuple(r) for r in db.execute(query)],
                                     columns=["unit", "respondent", "gender", "age_group", "mode",
                                              "source", "import_batch", "language", "item_key",
                                              "option_key"])
