"""Recording a defined variable's value for an episode, and the starter set of variables and
age schemes a new organisation gets. Refusals are ``VariableError`` codes."""
from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from survey.domain.age_schemes import STARTER_SCHEMES
from survey.domain.variables import ParsedValue, VariableProblem, parse_value, starter_set
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
