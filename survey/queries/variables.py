"""Reads of defined variables, their recorded values and the organisation's age schemes."""
from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from survey.domain.age_schemes import AgeScheme, bands_from
from survey.domain.variables import OptionSpec, VariableSpec
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
