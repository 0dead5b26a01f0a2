"""Defining a service's own variables (new, a new version, retired, in order), recording their
values for an episode, and the starter set of variables and age schemes a new organisation
gets. Refusals are ``VariableError`` codes."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from survey.domain.age_schemes import STARTER_SCHEMES
from survey.domain.variables import (
    NOT_STATED,
    ParsedValue,
    VariableProblem,
    VariableSpec,
    check_spec,
    parse_value,
    starter_set,
)
from survey.domain.vocabulary import STAFF_LANGUAGES
from survey.models import AgeSchemeRow, Episode, RecordedValue, Variable, VariableOption
from survey.operations.errors import OperationError
from survey.queries.variables import spec_of


class VariableError(OperationError):
    """A variable or a value that cannot be taken (the codes of ``domain.variables``)."""


def install_starter_set(db: Session) -> None:
    """The starter variables and age schemes, each unless one of its key is there already."""
    known = set(db.scalars(select(Variable.key)))
    for position, spec in enumerate(starter_set()):
        if spec.key in known:
            continue
        db.add(Variable(key=spec.key, version=1, kind=spec.kind, phase=spec.phase,
                        names=dict(spec.names), help=dict(spec.help), position=position,
                        options=[VariableOption(code=o.code, position=i, labels=dict(o.labels))
                                 for i, o in enumerate(spec.options)]))
    schemes = set(db.scalars(select(AgeSchemeRow.key)))
    db.add_all(AgeSchemeRow(key=s.key, names=s.names, position=i,
                            bands=", ".join(b.code for b in s.bands))
               for i, s in enumerate(STARTER_SCHEMES) if s.key not in schemes)
    db.flush()


def parsed(variable: Variable, raw: str | Sequence[str] | None) -> ParsedValue:
    """A value as given, checked against the variable's version (``VariableError`` if not)."""
    try:
        return parse_value(spec_of(variable), raw)
    except VariableProblem as problem:
        raise VariableError(problem.code, variable=variable.key, **problem.params) from None


def record_value(db: Session, episode: Episode, variable: Variable, value: ParsedValue, *,
                 staff_id: int | None = None, review_id: int | None = None,
                 record_import_id: int | None = None) -> list[RecordedValue]:
    """Replace the episode's value of this variable (any version, within the same review or
    outside every review) with ``value``, recorded against this version."""
    same_review = (RecordedValue.review_id.is_(None) if review_id is None
                   else RecordedValue.review_id == review_id)
    db.execute(delete(RecordedValue).where(RecordedValue.episode_id == episode.id,
                                           RecordedValue.key == variable.key, same_review)
               .execution_options(synchronize_session="fetch"))
    rows = [RecordedValue(**row) for row in value_rows(
        episode.id, variable, value, staff_id=staff_id, review_id=review_id,
        record_import_id=record_import_id)]
    db.add_all(rows)
    db.flush()
    return rows


class DefinitionError(VariableError):
    """Every problem of a variable's definition, or of an episode's values, at once (its own
    code is the first one's; each problem names its variable in ``params["variable"]``)."""

    def __init__(self, problems: list[VariableError]) -> None:
        super().__init__(problems[0].code, **problems[0].params)
        self.problems = problems


def _checked(db: Session, spec: VariableSpec, current: Variable | None = None) -> None:
    """Every problem of a definition; a new one's key must be free, and a new version may not
    bring back a code an earlier version dropped (a code keeps its meaning for good)."""
    problems = [VariableError(p.code, variable=spec.key, **p.params)
                for p in check_spec(spec, STAFF_LANGUAGES)]
    if current is None:
        if db.scalar(select(Variable.id).where(Variable.key == spec.key).limit(1)):
            problems.append(VariableError("variable-key-taken", variable=spec.key))
    else:
        dropped = set(db.scalars(select(VariableOption.code).join(Variable)
                                 .where(Variable.key == spec.key))) - {o.code for o in current.options}
        problems += [VariableError("variable-option-code-used", variable=spec.key, option=o.code)
                     for o in spec.options if o.code in dropped]
    if problems:
        raise DefinitionError(problems)


def _stored(spec: VariableSpec, **columns) -> Variable:
    return Variable(key=spec.key, kind=spec.kind, phase=spec.phase, names=dict(spec.names),
                    help=dict(spec.help), **columns,
                    options=[VariableOption(code=o.code, position=i, labels=dict(o.labels))
                             for i, o in enumerate(o for o in spec.options if o.code != NOT_STATED)])


def define_variable(db: Session, spec: VariableSpec, unit_id: int | None,
                    staff_id: int | None = None) -> Variable:
    """A new variable, the organisation's (``unit_id`` None) or a unit's own, placed last."""
    _checked(db, spec)
    last = db.scalar(select(func.max(Variable.position)).where(Variable.retired.is_(False)))
    variable = _stored(spec, version=1, unit_id=unit_id, position=(last or 0) + 1,
                       created_by=staff_id)
    db.add(variable)
    db.flush()
    return variable


def revise_variable(db: Session, current: Variable, spec: VariableSpec,
                    staff_id: int | None = None) -> Variable:
    """A new version of a current variable (same key, place and owner); the old one is retired
    and keeps its values and their meaning (a new value gets a new code)."""
    if current.retired:
        raise VariableError("variable-retired", variable=current.key)
    spec = replace(spec, key=current.key)
    _checked(db, spec, current)
    current.retired = True
    variable = _stored(spec, version=current.version + 1, unit_id=current.unit_id,
                       position=current.position, created_by=staff_id)
    db.add(variable)
    db.flush()
    return variable


def retire_variable(db: Session, variable: Variable) -> None:
    """No longer recorded; its values stay reportable."""
    variable.retired = True
    db.flush()


def order_variables(db: Session, variables: Sequence[Variable]) -> None:
    """Current variables in this order (on the recording form and in reports)."""
    for position, variable in enumerate(variables, start=1):
        variable.position = position
    db.flush()


def record_values(db: Session, episode: Episode,
                  given: Sequence[tuple[Variable, str | Sequence[str] | None]],
                  staff_id: int | None = None) -> None:
    """Several values of an episode at once: all of them, or (any one refused) none, with
    every problem named."""
    values, problems = [], []
    for variable, raw in given:
        try:
            values.append((variable, parsed(variable, raw)))
        except VariableError as error:
            problems.append(error)
    if problems:
        raise DefinitionError(problems)
    for variable, value in values:
        record_value(db, episode, variable, value, staff_id=staff_id)
def value_rows(episode_id: int, variable: Variable, value: ParsedValue, *,
               staff_id: int | None = None, review_id: int | None = None,
               record_import_id: int | None = None) -> list[dict]:
    """The ``RecordedValue`` rows of one value, as column values (one per chosen code; every
    row the same columns, so that many go in one statement): what ``record_value`` adds, and
    what an import inserts in bulk for new episodes."""
    common = dict(episode_id=episode_id, variable_id=variable.id, key=variable.key,
                  review_id=review_id, record_import_id=record_import_id, recorded_by=staff_id)
    if value.codes:
        return [dict(option_code=code, number=None, day=None, text=None, **common)
                for code in value.codes]
    return [dict(option_code=None, number=value.number, day=value.day, text=value.text, **common)]
