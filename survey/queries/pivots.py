"""Pivot counts in SQL: episodes by two dimensions, per unit and month of intake, in one
``GROUP BY``; and a unit's recorded values as long rows for the raw export.

A defined variable is joined by its key (every version at once) through the index on
``recorded_values (key, option_code, episode_id)`` (its recorded codes named, so that each
lookup is a seek); an episode with no value is "not stated". A value recorded in several record
reviews of one episode counts once for each.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from itertools import product

import pandas as pd
from sqlalchemy import String, and_, case, cast, exists, func, literal, or_, select, union_all
from sqlalchemy.orm import Session, aliased, selectinload

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
from survey.domain.variables import COUNT, NOT_STATED, NUMBER, TEXT, YES_NO_CODES
from survey.domain.vocabulary import AGE_GROUPS
from survey.models import (
    Client,
    Episode,
    Goal,
    RecordedValue,
    SavedPivot,
    Unit,
    Variable,
    VariableOption,
)
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


class _Dimensions:
    """Each dimension's ways of being counted: an expression, the join it needs and a condition.
    A built-in dimension has one; a variable two: the episodes with a value (joined through the
    index on key, code and episode) and those without one (not stated)."""

    def __init__(self, db: Session, spec: PivotSpec, kinds: Mapping[str, str],
                 schemes: Mapping[str, AgeScheme], length_end: date) -> None:
        self.db, self.spec, self.kinds, self.schemes = db, spec, kinds, schemes
        self.length_end = length_end

    def ways(self, dimension: str, name: str) -> list[tuple]:
        key = variable_key(dimension)
        if key is not None:
            return self._variable(key, name)
        expression = {GENDER: lambda: Client.gender, AGE: self._age,
                      UNIT: lambda: cast(Client.unit_id, String),
                      INTERVENTION: lambda: func.coalesce(Episode.intervention_type, NOT_STATED),
                      LENGTH: self._length, GOALS: self._goals, PLAN: self._plan}[dimension]()
        return [(expression, None, None)]

    def _variable(self, key: str, name: str) -> list[tuple]:
        kind = self.kinds[key]
        if kind == TEXT:
            raise ValueError("free text is never counted")
        values = aliased(RecordedValue, name=name)
        if kind in (COUNT, NUMBER):
            recorded = lambda v: and_(v.key == key, v.option_code.is_(None), v.number.is_not(None))  # noqa: E731
            value = func.coalesce(_banded(values.number, groups_from(self.spec.number_groups)), NOT_STATED)
        else:
            codes = [*self.db.scalars(select(VariableOption.code).distinct().join(Variable)
                                      .where(Variable.key == key)), *YES_NO_CODES, NOT_STATED]
            recorded = lambda v: and_(v.key == key, v.option_code.in_(codes))  # noqa: E731
            value = values.option_code
        with_value = (values, and_(recorded(values), values.episode_id == Episode.id))
        without = Episode.id.not_in(select(RecordedValue.episode_id).where(recorded(RecordedValue)))
        return [(value, with_value, None), (literal(NOT_STATED), None, without)]

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


def pivot_counts(db: Session, unit_ids: Iterable[int] | None, spec: PivotSpec, start: date, end: date,
                 length_end: date, kinds: Mapping[str, str], schemes: Mapping[str, AgeScheme],
                 period: str | None = None) -> pd.DataFrame:
    """Episodes of these units (None: of every unit) whose intake lies from ``start`` to ``end``, counted by unit,
    month of intake (``YYYY-MM``; or all as ``period``, when no month is needed), row value and
    column value (``COUNT_COLUMNS``). ``kinds``: each variable key's kind; lengths of
    intervention run to ``length_end`` at most."""
    dimensions = _Dimensions(db, spec, kinds, schemes, length_end)
    month = (_month(db) if period is None else literal(period)).label("pivot_month")
    parts = []
    for (row, row_join, row_where), (column, column_join, column_where) in product(
            dimensions.ways(spec.rows, "row_values"), dimensions.ways(spec.columns, "column_values")):
        row, column = row.label("pivot_row"), column.label("pivot_column")
        query = select(Client.unit_id, month, row, column, func.count().label("n")).select_from(
            Episode).join(Client, Client.id == Episode.client_id)
        for join in (row_join, column_join):
            if join is not None:
                query = query.join(*join)
        if unit_ids is not None:
            query = query.where(Client.unit_id.in_(list(unit_ids)))
        query = query.where(Episode.opened_on >= start,
                            Episode.opened_on <= end,
                            *(w for w in (row_where, column_where) if w is not None))
        parts.append(query.group_by(Client.unit_id, *([month] if period is None else []), row, column))
    query = parts[0] if len(parts) == 1 else union_all(*parts)
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
