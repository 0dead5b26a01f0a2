"""A round's tallies recounted from its answers: the statements that fill them in bulk
(``operations.tallies``) and the check that they hold what the answers say (``tallies_match``)."""
from __future__ import annotations

from sqlalchemy import Select, func, literal, select
from sqlalchemy.orm import Session

from survey.models import (
    Answer,
    AnswerTally,
    RespondentTally,
    Response,
    SkipTally,
    UnitAnswerTally,
)
from survey.models.tallies import NOT_STATED, UNANSWERED

_GENDER = func.coalesce(Response.gender, NOT_STATED)
_AGE = func.coalesce(Response.age_group, NOT_STATED)
_OPTION = func.coalesce(Answer.option_key, UNANSWERED)


def recounts(round_id: int, dont_know: tuple[str, ...], responses: Select | None = None,
             sign: int = 1) -> dict[type, Select]:
    """Per tally, a grouped ``select()`` of its key columns and ``n`` (times ``sign``) over the
    round's responses (``responses``: a select of their ids, None for all), in key order (so
    that concurrent writers take the rows' locks in one order)."""
    where = [Response.round_id == round_id]
    if responses is not None:
        where.append(Response.id.in_(responses))
    keys = {
        RespondentTally: (Response.round_id, Response.unit_id, _GENDER, _AGE),
        AnswerTally: (Response.round_id, _GENDER, _AGE, Answer.item_key, _OPTION),
        UnitAnswerTally: (Response.round_id, Response.unit_id, Answer.item_key, _OPTION),
        SkipTally: (Response.round_id, Response.unit_id, _GENDER, _AGE, Answer.item_key),
    }
    found = {}
    for model, columns in keys.items():
        query = select(*columns, func.count() * literal(sign)).where(*where)
        if model is not RespondentTally:
            query = query.select_from(Answer).join(Response, Response.id == Answer.response_id)
        if model is SkipTally:
            query = query.where(Answer.option_key.is_(None) | Answer.option_key.in_(dont_know))
        found[model] = query.group_by(*columns).order_by(*columns)
    return found


def key_columns(model: type) -> list:
    """A tally's key columns in the order of its primary key (round first)."""
    return list(model.__table__.primary_key.columns)


def tallies_match(db: Session, round_id: int, dont_know: tuple[str, ...]) -> bool:
    """Whether every tally of the round holds exactly what a recount of its answers gives
    (no row of zero, none missing, none left over)."""
    for model, recount in recounts(round_id, dont_know).items():
        kept = select(*key_columns(model), model.n).where(model.round_id == round_id)
        if set(map(tuple, db.execute(kept))) != set(map(tuple, db.execute(recount))):
            return False
    return True

