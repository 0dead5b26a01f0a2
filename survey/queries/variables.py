"""Reads of defined variables, their recorded values and the organisation's age schemes."""
from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from survey.domain.age_schemes import AgeScheme, bands_from
from survey.domain.variables import TEXT, OptionSpec, VariableSpec
from survey.models import AgeSchemeRow, RecordedValue, Unit, Variable
from survey.queries.frames import frame_of, iso_day


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


def newest_recording(values: pd.DataFrame, by: tuple[str, ...] = ("episode_id",)) -> pd.DataFrame:
    """The rows of each episode's newest recording of a variable: a review's, or the one outside
    every review, whichever holds the value stored last (the highest id; ``record_value``
    replaces a recording by new rows). Several choices: that recording's set as a whole. ``by``:
    the columns of one value (the episode, and the key when several variables come at once).
    The one rule every report and page that shows "the" value of a variable follows."""
    values = values.sort_values("id", kind="stable")
    recording = values["review_id"].fillna(0)
    newest = recording.groupby([values[column] for column in by]).transform("last")
    return values[recording == newest]


def episode_values(db: Session, episode_id: int,
                   review_id: int | None = None) -> dict[str, list[RecordedValue]]:
    """An episode's recorded values by variable key (those of one review, or those recorded
    outside any review)."""
    rows = db.scalars(select(RecordedValue).where(RecordedValue.episode_id == episode_id,
                                                  RecordedValue.review_id.is_(review_id)
                                                  if review_id is None else
                                                  RecordedValue.review_id == review_id)
                      .order_by(RecordedValue.id))
    return _by_key(rows)


def newest_episode_values(db: Session, episode_id: int) -> dict[str, list[RecordedValue]]:
    """An episode's values by variable key, each variable's newest recording only (outside a
    review or in one: ``newest_recording``)."""
    rows = list(db.scalars(select(RecordedValue).where(RecordedValue.episode_id == episode_id)
                           .order_by(RecordedValue.id)))
    frame = pd.DataFrame([(r.id, r.review_id, r.episode_id, r.key) for r in rows],
                         columns=["id", "review_id", "episode_id", "key"])
    kept = set(newest_recording(frame, ("episode_id", "key"))["id"])
    return _by_key(row for row in rows if row.id in kept)


def _by_key(rows: Iterable[RecordedValue]) -> dict[str, list[RecordedValue]]:
    found: dict[str, list[RecordedValue]] = {}
    for row in rows:
        found.setdefault(row.key, []).append(row)
    return found


def age_schemes(db: Session) -> list[AgeScheme]:
    """The organisation's age-group schemes, in their order."""
    return [AgeScheme(row.key, row.names, bands_from(row.bands))
            for row in db.scalars(select(AgeSchemeRow).order_by(AgeSchemeRow.position, AgeSchemeRow.id))]


def episode_value_rows(db: Session, episode_ids: list[int]) -> pd.DataFrame:
    """These episodes' values, one row per episode and variable key, from each variable's
    newest recording (outside a review or in one: ``newest_recording``, as pivots count it):
    the code (the chosen codes of a ``multi`` joined by ``;``), the number or the ISO date.
    Free text is left out (it stays out of every report)."""
    query = (select(RecordedValue.id, RecordedValue.review_id, RecordedValue.episode_id, RecordedValue.key,
                    RecordedValue.option_code, RecordedValue.number, iso_day(db, RecordedValue.day))
             .join(Variable, Variable.id == RecordedValue.variable_id)
             .where(RecordedValue.episode_id.in_(episode_ids), Variable.kind != TEXT))
    values = newest_recording(frame_of(db, query, ["id", "review_id", "episode_id", "key", "option_code",
                                                   "number", "day"]), ("episode_id", "key"))
    value = values["option_code"].astype(object)
    for other in ("number", "day"):
        value = value.where(value.notna(), values[other].astype(object))
    values = values[["episode_id", "key"]].assign(value=value)
    several = values.duplicated(["episode_id", "key"], keep=False)
    joined = (values[several].groupby(["episode_id", "key"], sort=False)["value"]
              .agg(lambda codes: ";".join(map(str, codes))).reset_index())
    return pd.concat([values[~several], joined], ignore_index=True)


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
