"""Keeping a round's tallies (``models.tallies``) exact, in the transaction that changes its
answers: a new response adds to them, an import adds its responses at once, an undone import
takes them away.

Every write is an upsert (``n = n + excluded.n``) of rows in key order, the tallies always in
one order, so tablets submitting at once take the rows' locks in one order and never deadlock.
"""
from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import Select, delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from survey.models import TALLIES, AnswerTally, RespondentTally, SkipTally, UnitAnswerTally
from survey.models.tallies import NOT_STATED, UNANSWERED
from survey.queries.tallies import key_columns, recounts

_DIALECTS = {"postgresql": postgresql, "sqlite": sqlite}


def _upsert(dialect, model: type, recount: Select | None = None):
    """INSERT … ON CONFLICT (key) DO UPDATE SET n = n + excluded.n, of rows or of a select."""
    statement = dialect.insert(model.__table__)
    if recount is not None:
        statement = statement.from_select([c.name for c in key_columns(model)] + ["n"], recount)
    return statement.on_conflict_do_update(index_elements=key_columns(model),
                                           set_={"n": model.n + statement.excluded.n})


# Built once: a tablet's submission runs them with its rows bound.
_ADD_ROWS = {name: {model: _upsert(dialect, model) for model in TALLIES}
             for name, dialect in _DIALECTS.items()}


def _dialect_name(db: Session) -> str:
    name = db.get_bind().dialect.name
    if name not in _DIALECTS:
        raise NotImplementedError(f"tallies are kept in SQLite or PostgreSQL, not {name}")
    return name


def count_response(db: Session, round_id: int, unit_id: int, gender: str | None,
                   age_group: str | None, options: Mapping[str, str | None],
                   dont_know: tuple[str, ...]) -> None:
    """Add one new response of a round to its tallies: ``options`` is its option per question
    (None: unanswered), ``dont_know`` the questionnaire's "don't know" options."""
    gender, age_group = gender or NOT_STATED, age_group or NOT_STATED
    items = sorted(options.items())
    rows = {
        RespondentTally: [{"round_id": round_id, "unit_id": unit_id, "gender": gender,
                           "age_group": age_group, "n": 1}],
        AnswerTally: [{"round_id": round_id, "gender": gender, "age_group": age_group,
                       "item_key": item, "option_key": option or UNANSWERED, "n": 1}
                      for item, option in items],
        UnitAnswerTally: [{"round_id": round_id, "unit_id": unit_id, "item_key": item,
                           "option_key": option or UNANSWERED, "n": 1} for item, option in items],
        SkipTally: [{"round_id": round_id, "unit_id": unit_id, "gender": gender,
                     "age_group": age_group, "item_key": item, "n": 1}
                    for item, option in items if option is None or option in dont_know],
    }
    statements = _ADD_ROWS[_dialect_name(db)]
    for model in TALLIES:
        if rows[model]:
            db.execute(statements[model], rows[model])


def count_responses(db: Session, round_id: int, dont_know: tuple[str, ...],
                    responses: Select | None = None, sign: int = 1) -> None:
    """Add (``sign`` 1) or take away (-1) the round's responses (a select of their ids; None:
    every response, for a round whose tallies are empty) in one grouped statement per tally;
    rows that come to nothing are removed."""
    dialect = _DIALECTS[_dialect_name(db)]
    for model, recount in recounts(round_id, dont_know, responses, sign).items():
        db.execute(_upsert(dialect, model, recount))
    if sign < 0:
        for model in TALLIES:
            db.execute(delete(model).where(model.round_id == round_id, model.n <= 0))
