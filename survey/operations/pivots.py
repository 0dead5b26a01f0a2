"""Saving and removing a unit's named pivots. Refusals are ``PivotError`` codes."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from survey.domain.pivots import PivotSpec
from survey.domain.variables import VariableProblem
from survey.models import SavedPivot, StaffUser, Unit
from survey.operations.errors import OperationError
from survey.queries.pivots import pivot_choices


class PivotError(OperationError):
    """A pivot that cannot be saved (a name, or a choice the unit does not offer)."""


def check_pivot(db: Session, unit: Unit | None, spec: PivotSpec) -> None:
    """Raises ``PivotError`` unless the unit (None: the organisation) offers every choice."""
    keys, schemes = pivot_choices(db, unit)
    try:
        spec.check(keys, schemes)
    except VariableProblem as problem:
        raise PivotError(problem.code, **problem.params) from None


def save_pivot(db: Session, unit: Unit, name: str, spec: PivotSpec, staff: StaffUser) -> SavedPivot:
    """Save the pivot under a name of the unit (the same name replaces the one saved before)."""
    name = (name or "").strip()
    if not name or len(name) > 120:
        raise PivotError("pivot-name")
    check_pivot(db, unit, spec)
    saved = db.scalar(select(SavedPivot).where(SavedPivot.unit_id == unit.id, SavedPivot.name == name))
    if saved is None:
        saved = SavedPivot(unit_id=unit.id, name=name, created_by=staff.id, settings={})
        db.add(saved)
    saved.settings = spec.as_dict()
    db.flush()
    return saved


def delete_pivot(db: Session, saved: SavedPivot) -> None:
    db.delete(saved)
    db.flush()
