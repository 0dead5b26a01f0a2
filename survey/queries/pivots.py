"""What pivots count, read from the database: each episode's facts and each variable's values
(an episode's newest recording only, outside a review or in one), the stamp that says whether
they changed; a unit's recorded values as long rows for the raw export.

An episode whose variable was recorded more than once (outside every review and in a review, or
in two reviews) counts once, by its newest recording (``queries.variables.newest_recording``,
the rule the follow-up report and an episode's page follow too).
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

import pandas as pd
from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session, selectinload

from survey.domain.age_schemes import AgeScheme
from survey.domain.pivots import PivotSpec, variable_key
from survey.domain.variables import NOT_STATED, TEXT, YES_NO_CODES
from survey.models import (
    Client,
    Episode,
    Goal,
    PivotStamp,
    RecordedValue,
    SavedPivot,
    Unit,
    Variable,
    VariableOption,
)
from survey.queries.frames import frame_of, iso_day
from survey.queries.variables import age_schemes, current_variables, newest_recording
from survey.reporting.pivot_counts import FACT_COLUMNS, VALUE_COLUMNS
from survey.reporting.pivot_counts import pivot_counts as counted


def pivot_stamp(db: Session) -> tuple[int, ...]:
    """Changes with every change to what a pivot counts (``models.PivotStamp``): the counter the
    database's triggers raise and the highest id of each table they watch."""
    counter = select(PivotStamp.n).where(PivotStamp.id == 1).scalar_subquery()
    highest = [select(func.max(model.id)).scalar_subquery() for model in (Client, Episode, RecordedValue, Goal)]
    return tuple(int(x or 0) for x in db.execute(select(counter, *highest)).one())


def _in_scope(query, unit_ids: Iterable[int] | None, start: date, end: date):
    query = query.where(Episode.opened_on >= start, Episode.opened_on <= end)
    return query if unit_ids is None else query.where(Client.unit_id.in_(list(unit_ids)))


def episode_facts(db: Session, unit_ids: Iterable[int] | None, start: date, end: date) -> pd.DataFrame:
    """One row per episode of these units (None: of every unit) whose intake lies from ``start``
    to ``end``: what its built-in dimensions are worked out from (``FACT_COLUMNS``; dates as
    timestamps, the month of intake as ``YYYY-MM``)."""
    planned = case((or_(Episode.intervention_type.is_not(None), Episode.planned_sessions.is_not(None),
                        Episode.planned_months.is_not(None)), 1), else_=0)
    query = _in_scope(select(Episode.id, Client.unit_id, iso_day(db, Episode.opened_on),
                             iso_day(db, Episode.closed_on),
                             Episode.length_group, Episode.intervention_type, planned,
                             Episode.age_at_intake, Client.age_group, Client.gender)
                      .join(Client, Client.id == Episode.client_id), unit_ids, start, end)
    facts = frame_of(db, query, [c for c in FACT_COLUMNS if c not in ("month", "goals")])
    with_goals = _in_scope(select(Goal.episode_id).distinct().join(Episode, Episode.id == Goal.episode_id)
                           .join(Client, Client.id == Episode.client_id), unit_ids, start, end)
    facts["goals"] = facts["episode_id"].isin(list(db.scalars(with_goals)))
    facts["planned"] = facts["planned"].astype(bool)
    facts["age_at_intake"] = facts["age_at_intake"].astype(float)
    for column in ("opened_on", "closed_on"):
        facts[column] = pd.to_datetime(facts[column], format="%Y-%m-%d")
    numbers = facts["opened_on"].dt.year * 100 + facts["opened_on"].dt.month
    facts["month"] = numbers.map({n: f"{n // 100}-{n % 100:02d}" for n in numbers.unique()}).astype("category")
    return facts[FACT_COLUMNS]


def newest_values(db: Session, unit_ids: Iterable[int] | None, key: str, start: date,
                  end: date) -> pd.DataFrame:
    """The variable's values (every version) of the episodes ``episode_facts`` gives, each
    episode's newest recording only (``VALUE_COLUMNS``)."""
    query = (select(RecordedValue.episode_id, RecordedValue.id, RecordedValue.review_id,
                    RecordedValue.option_code, RecordedValue.number)
             .join(Episode, Episode.id == RecordedValue.episode_id).where(RecordedValue.key == key))
    if unit_ids is not None:
        query = query.join(Client, Client.id == Episode.client_id)
    query = _in_scope(query, unit_ids, start, end)
    values = frame_of(db, query, ["episode_id", "id", "review_id", "option_code", "number"])
    return newest_recording(values)[VALUE_COLUMNS].reset_index(drop=True)


def choice_codes(db: Session, key: str) -> list[str]:
    """Every code a version of the variable offers, yes and no, and "not stated"."""
    return [*db.scalars(select(VariableOption.code).distinct().join(Variable).where(Variable.key == key)),
            *YES_NO_CODES, NOT_STATED]


def pivot_counts(db: Session, unit_ids: Iterable[int] | None, spec: PivotSpec, start: date, end: date,
                 length_end: date, kinds: Mapping[str, str], schemes: Mapping[str, AgeScheme],
                 period: str | None = None) -> pd.DataFrame:
    """Episodes of these units (None: of every unit) whose intake lies from ``start`` to ``end``,
    counted by unit, month of intake (or all as ``period``), row value and column value
    (``reporting.pivot_counts``), read afresh (``services.pivot_cache`` keeps what it reads)."""
    keys = [k for k in (variable_key(spec.rows), variable_key(spec.columns)) if k]
    values = {key: newest_values(db, unit_ids, key, start, end) for key in keys}
    return counted(episode_facts(db, unit_ids, start, end), values, spec, kinds,
                   {key: choice_codes(db, key) for key in keys}, schemes, start, end, length_end, period)


def newest_variables(db: Session, keys: Iterable[str]) -> dict[str, Variable]:
    """The newest version of each variable key (its kind and values name every version's)."""
    rows = db.scalars(select(Variable).where(Variable.key.in_(list(keys)))
                      .options(selectinload(Variable.options)).order_by(Variable.key, Variable.version))
    return {variable.key: variable for variable in rows}


LONG_COLUMNS = ["client_code", "episode_id", "opened_on", "closed_on", "unit_id", "key",
                "variable_id", "option_code", "number", "day"]


def long_values(db: Session, unit_id: int) -> pd.DataFrame:
    """Every value of the unit's episodes, one row per value of each episode's newest recording
    of each variable (``LONG_COLUMNS``; as pivots count it), free-text variables left out, by
    client, episode and variable."""
    query = (select(Client.code, Episode.id, Episode.opened_on, Episode.closed_on, Client.unit_id,
                    RecordedValue.key, RecordedValue.variable_id, RecordedValue.option_code,
                    RecordedValue.number, RecordedValue.day, RecordedValue.id, RecordedValue.review_id)
             .join(Episode, Episode.client_id == Client.id)
             .join(RecordedValue, RecordedValue.episode_id == Episode.id)
             .join(Variable, Variable.id == RecordedValue.variable_id)
             .where(Client.unit_id == unit_id, Variable.kind != TEXT))
    values = pd.DataFrame(db.execute(query).all(), columns=[*LONG_COLUMNS, "id", "review_id"])
    return (newest_recording(values, ("episode_id", "key")).sort_values(["client_code", "episode_id", "key", "id"])[LONG_COLUMNS]
            .reset_index(drop=True))


def pivot_choices(db: Session, unit: Unit | None) -> tuple[set[str], set[str]]:
    """The variable keys a pivot of the unit (None: of the organisation) may count, free text
    left out, and the age schemes' keys."""
    keys = {v.key for v in current_variables(db, unit) if v.kind != TEXT}
    return keys, {scheme.key for scheme in age_schemes(db)}


def saved_pivots(db: Session, unit_id: int) -> list[SavedPivot]:
    return list(db.scalars(select(SavedPivot).where(SavedPivot.unit_id == unit_id)
                           .order_by(SavedPivot.name)))
