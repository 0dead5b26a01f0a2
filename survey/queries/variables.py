"""Reads of defined variables, their recorded values and the organisation's age schemes."""
from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from survey.domain.age_schemes import AgeScheme, bands_from
from survey.domain.variables import TEXT, OptionSpec, VariableSpec
from survey.models import AgeSchemeRow, RecordedValue, Unit, Variable


def current_variables(db: Session, unit: Unit | None = None,
                      phases: Iterable[str] | None = None) -> list[Variable]:
    """The newest, unretired version of each variable, in order: the organisation's (for a
    unit, those it has switched on) and the unit's own. No unit: the organisation's only."""
    query = (select(Variable).where(Variable.retired.is_(False))
             .options(selectinload(Variable.options)).order_by(Variable.position, Variable.key))
    if unit is None:
        query = query.where(Variable.unit_id.is_(None))
    else:
        query = query.where(((Variable.unit_id.is_(None)) & Variable.key.in_(unit.variable_names))
                            | (Variable.unit_id == unit.id))
    if phases is not None:
        query = query.where(Variable.phase.in_(list(phases)))
    return list(db.scalars(query))


def spec_of(variable: Variable) -> VariableSpec:
    """A stored version as the domain reads it."""
    return VariableSpec(
        key=variable.key, kind=variable.kind, phase=variable.phase, names=variable.names,
        help=variable.help or {},
        options=tuple(OptionSpec(o.code, o.labels) for o in variable.options))


def episode_values(db: Session, episode_id: int,
                   review_id: int | None = None) -> dict[str, list[RecordedValue]]:
    """An episode's recorded values by variable key (those of one review, or those recorded
    outside any review)."""
    rows = db.scalars(select(RecordedValue).where(RecordedValue.episode_id == episode_id,
                                                  RecordedValue.review_id.is_(review_id)
                                                  if review_id is None else
                                                  RecordedValue.review_id == review_id)
                      .order_by(RecordedValue.id))
    found: dict[str, list[RecordedValue]] = {}
    for row in rows:
        found.setdefault(row.key, []).append(row)
    return found


def age_schemes(db: Session) -> list[AgeScheme]:
    """The organisation's age-group schemes, in their order."""
    return [AgeScheme(row.key, row.names, bands_from(row.bands))
            for row in db.scalars(select(AgeSchemeRow).order_by(AgeSchemeRow.position, AgeSchemeRow.id))]


def episode_value_rows(db: Session, episode_ids: list[int]) -> pd.DataFrame:
    """The values these episodes have outside reviews, one row per episode and variable key:
    the code (the chosen codes of a ``multi`` joined by ``;``), the number or the ISO date.
    Free text is left out (it stays out of every report)."""
    rows = db.execute(select(RecordedValue.episode_id, RecordedValue.key, RecordedValue.option_code,
                             RecordedValue.number, RecordedValue.day)
                      .join(Variable, Variable.id == RecordedValue.variable_id)
                      .where(RecordedValue.episode_id.in_(episode_ids),
                             RecordedValue.review_id.is_(None), Variable.kind != TEXT)
                      .order_by(RecordedValue.id)).all()
    joined: dict[tuple[int, str], list] = {}
    for episode_id, key, code, amount, day in rows:
        value = code if code is not None else amount if amount is not None else day
        joined.setdefault((episode_id, key), []).append(
            value.isoformat() if hasattr(value, "isoformat") else value)
    return pd.DataFrame([(e, k, ";".join(map(str, v)) if len(v) > 1 else v[0])
                         for (e, k), v in joined.items()], columns=["episode_id", "key", "value"])


def code_versions(db: Session, episode_ids: list[int]) -> dict[str, dict[str, Variable]]:
    """For each key and code recorded on these episodes, the newest version that recorded it:
    a report labels a code with the words it was recorded under."""
    newest = (select(RecordedValue.key, RecordedValue.option_code,
                     func.max(RecordedValue.variable_id).label("variable_id"))
              .where(RecordedValue.episode_id.in_(episode_ids),
                     RecordedValue.option_code.is_not(None))
              .group_by(RecordedValue.key, RecordedValue.option_code)).subquery()
    found: dict[str, dict[str, Variable]] = {}
    for key, code, variable in db.execute(
            select(newest.c.key, newest.c.option_code, Variable)
            .join(Variable, Variable.id == newest.c.variable_id)
            .options(selectinload(Variable.options))):
        found.setdefault(key, {})[code] = variable
    return found
