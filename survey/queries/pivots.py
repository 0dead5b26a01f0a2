"""Pivot counts in SQL: episodes by two dimensions, per unit and month of intake, in one
``GROUP BY``; and a unit's recorded values as long rows for the raw export.

A defined variable is joined by its key (every version at once) through the index on
``recorded_values (key, option_code, episode_id)``; an episode with no value is "not stated".
Only the values of an episode's latest recording count (outside a review, or its newest review).
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

import pandas as pd
from sqlalchemy import String, and_, case, cast, exists, func, literal, or_, select
from sqlalchemy.orm import Session, selectinload

from survey.domain.age_schemes import AgeBand, AgeScheme
from survey.domain.pivots import (
    AGE,
    DAYS_PER_MONTH,
    GENDER,
    GOALS,
    INTERVENTION,
    LENGTH,
    PLAN,
    UNIT,
    PivotSpec,
    groups_from,
    variable_key,
)
from survey.domain.variables import COUNT, NOT_STATED, NUMBER, TEXT
from survey.domain.vocabulary import AGE_GROUPS
from survey.models import Client, Episode, Goal, RecordedValue, SavedPivot, Unit, Variable
from survey.queries.variables import age_schemes, current_variables

COUNT_COLUMNS = ["unit_id", "month", "row", "column", "n"]


def _banded(value, bands: Iterable[AgeBand]):
    """A CASE placing a number in its group (``groups_from``), else None."""
    whens = [(and_(value >= band.low, value < band.high + 1) if band.high is not None
              else value >= band.low, band.code) for band in bands]
    return case(*whens, else_=None)


def _days(db: Session, start, end):
    """Days from ``start`` to ``end`` (dates) in this database's words."""
    if db.get_bind().dialect.name == "sqlite":
        return func.julianday(end) - func.julianday(start)
    return end - start


def _month(db: Session):
    if db.get_bind().dialect.name == "sqlite":
        return func.strftime("%Y-%m", Episode.opened_on)
    return func.to_char(Episode.opened_on, "YYYY-MM")


def _latest_values(key: str, column):
    """An episode's values of one variable from its latest recording, as (episode_id, value)."""
    rank = func.dense_rank().over(partition_by=RecordedValue.episode_id,
                                  order_by=func.coalesce(RecordedValue.review_id, 0).desc())
    ranked = (select(RecordedValue.episode_id, column.label("value"), rank.label("rank"))
              .where(RecordedValue.key == key, column.is_not(None)).subquery())
    return select(ranked.c.episode_id, ranked.c.value).where(ranked.c.rank == 1).subquery()


class _Dimensions:
    """The SQL expression of each dimension, and the joins it needs."""

    def __init__(self, db: Session, spec: PivotSpec, kinds: Mapping[str, str],
                 schemes: Mapping[str, AgeScheme], length_end: date) -> None:
        self.db, self.spec, self.kinds, self.schemes = db, spec, kinds, schemes
        self.length_end = length_end
        self.joins: list = []

    def expression(self, dimension: str):
        key = variable_key(dimension)
        if key is not None:
            return self._variable(key)
        return {GENDER: lambda: Client.gender, AGE: self._age, UNIT: lambda: cast(Client.unit_id, String),
                INTERVENTION: lambda: func.coalesce(Episode.intervention_type, NOT_STATED),
                LENGTH: self._length, GOALS: self._goals, PLAN: self._plan}[dimension]()

    def _variable(self, key: str):
        kind = self.kinds[key]
        if kind == TEXT:
            raise ValueError("free text is never counted")
        if kind in (COUNT, NUMBER):
            values = _latest_values(key, RecordedValue.number)
            self.joins.append((values, values.c.episode_id == Episode.id))
            return func.coalesce(_banded(values.c.value, groups_from(self.spec.number_groups)), NOT_STATED)
        values = _latest_values(key, RecordedValue.option_code)
        self.joins.append((values, values.c.episode_id == Episode.id))
        return func.coalesce(values.c.value, NOT_STATED)

    def _age(self):
        scheme = self.schemes[self.spec.scheme]
        by_group = {group: scheme.band_of(None, group) for group in AGE_GROUPS}
        whens = [(and_(Episode.age_at_intake.is_(None), Client.age_group.in_(
            [g for g, code in by_group.items() if code == band.code])), band.code)
                 for band in scheme.bands if band.code in by_group.values()]
        return func.coalesce(_banded(Episode.age_at_intake, scheme.bands),
                             case(*whens, else_=None) if whens else None, NOT_STATED)

    def _length(self):
        groups = groups_from(self.spec.length_groups)
        limit = literal(self.length_end)
        end = case((and_(Episode.closed_on.is_not(None), Episode.closed_on <= limit), Episode.closed_on),
                   else_=limit)
        months = _days(self.db, Episode.opened_on, end) / DAYS_PER_MONTH
        given = case((Episode.length_group.in_([g.code for g in groups]), Episode.length_group),
                     else_=NOT_STATED)
        return case((Episode.length_group.is_not(None), given),
                    else_=func.coalesce(_banded(months, groups), NOT_STATED))

    def _goals(self):
        return case((exists().where(Goal.episode_id == Episode.id), "yes"), else_="no")

    def _plan(self):
        planned = or_(Episode.intervention_type.is_not(None), Episode.planned_sessions.is_not(None),
                      Episode.planned_months.is_not(None))
        return case((planned, "yes"), else_="no")


def pivot_counts(db: Session, unit_ids: Iterable[int], spec: PivotSpec, start: date, end: date,
                 length_end: date, kinds: Mapping[str, str],
                 schemes: Mapping[str, AgeScheme]) -> pd.DataFrame:
    """Episodes of these units whose intake lies from ``start`` to ``end``, counted by unit,
    month of intake (``YYYY-MM``), row value and column value (``COUNT_COLUMNS``). ``kinds``:
    each variable key's kind; lengths of intervention run to ``length_end`` at most."""
    dimensions = _Dimensions(db, spec, kinds, schemes, length_end)
    row = dimensions.expression(spec.rows).label("pivot_row")
    column = dimensions.expression(spec.columns).label("pivot_column")
    month = _month(db).label("pivot_month")
    query = select(Client.unit_id, month, row, column, func.count()).select_from(Episode).join(
        Client, Client.id == Episode.client_id)
    for target, condition in dimensions.joins:
        query = query.outerjoin(target, condition)
    query = (query.where(Client.unit_id.in_(list(unit_ids)), Episode.opened_on >= start,
                         Episode.opened_on <= end)
             .group_by(Client.unit_id, month, row, column))
    return pd.DataFrame(db.execute(query).all(), columns=COUNT_COLUMNS)


def newest_variables(db: Session, keys: Iterable[str]) -> dict[str, Variable]:
    """The newest version of each variable key (its kind and values name every version's)."""
    rows = db.scalars(select(Variable).where(Variable.key.in_(list(keys)))
                      .options(selectinload(Variable.options)).order_by(Variable.key, Variable.version))
    return {variable.key: variable for variable in rows}


LONG_COLUMNS = ["client_code", "episode_id", "opened_on", "closed_on", "unit_id", "key",
                "variable_id", "option_code", "number", "day"]


def long_values(db: Session, unit_id: int) -> pd.DataFrame:
    """Every value recorded for the unit's episodes, one row per value (``LONG_COLUMNS``),
    free-text variables left out, by client, episode and variable."""
    query = (select(Client.code, Episode.id, Episode.opened_on, Episode.closed_on, Client.unit_id,
                    RecordedValue.key, RecordedValue.variable_id, RecordedValue.option_code,
                    RecordedValue.number, RecordedValue.day)
             .join(Episode, Episode.client_id == Client.id)
             .join(RecordedValue, RecordedValue.episode_id == Episode.id)
             .join(Variable, Variable.id == RecordedValue.variable_id)
             .where(Client.unit_id == unit_id, Variable.kind != TEXT)
             .order_by(Client.code, Episode.id, RecordedValue.key, RecordedValue.id))
    return pd.DataFrame(db.execute(query).all(), columns=LONG_COLUMNS)


def pivot_choices(db: Session, unit: Unit | None) -> tuple[set[str], set[str]]:
    """The variable keys a pivot of the unit (None: of the organisation) may count, free text
    left out, and the age schemes' keys."""
    keys = {v.key for v in current_variables(db, unit) if v.kind != TEXT}
    return keys, {scheme.key for scheme in age_schemes(db)}


def saved_pivots(db: Session, unit_id: int) -> list[SavedPivot]:
    return list(db.scalars(select(SavedPivot).where(SavedPivot.unit_id == unit_id)
                           .order_by(SavedPivot.name)))
