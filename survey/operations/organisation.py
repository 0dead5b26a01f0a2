"""The organisation and its tree of units: naming it, adding, editing, deactivating units, and
importing units and staff from a file (all rows or none)."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from survey.domain.org_file import parse_staff, parse_units
from survey.domain.spreadsheet import ImportProblem
from survey.domain.vocabulary import UNIT_KINDS
from survey.models import Organisation, Role, StaffUser, Unit
from survey.operations.errors import OperationError
from survey.operations.staff import NO_PASSWORD


class OrganisationError(OperationError):
    """A change to the organisation that is refused; the code says why (the web layer words it)."""


def organisation(db: Session) -> Organisation | None:
    return db.scalar(select(Organisation).order_by(Organisation.id).limit(1))


def name_organisation(db: Session, name: str) -> Organisation:
    """Name the organisation (the first run creates it)."""
    name = name.strip()
    if not name or len(name) > 120:
        raise OrganisationError("organisation-name-invalid")
    found = organisation(db) or Organisation(name=name)
    found.name = name
    db.add(found)
    db.flush()
    return found


def _check_unit(db: Session, unit: Unit | None, name: str, kind: str, parent: Unit | None) -> str:
    name = name.strip()
    if not name or len(name) > 120:
        raise OrganisationError("unit-name-invalid")
    if kind not in UNIT_KINDS:
        raise OrganisationError("unit-kind-unknown", kind=kind)
    same = db.scalar(select(Unit).where(Unit.name == name))
    if same is not None and same is not unit:
        raise OrganisationError("unit-name-taken", name=name)
    if unit is not None and parent is not None and unit in parent.path:
        raise OrganisationError("unit-under-itself")
    return name


def create_unit(db: Session, name: str, kind: str, parent: Unit | None = None) -> Unit:
    unit = Unit(name=_check_unit(db, None, name, kind, parent), service_type=kind, parent=parent)
    db.add(unit)
    db.flush()
    return unit


def update_unit(db: Session, unit: Unit, name: str, kind: str, parent: Unit | None) -> None:
    """Rename, change kind, or move a unit in the tree (never under itself)."""
    unit.name = _check_unit(db, unit, name, kind, parent)
    unit.service_type = kind
    unit.parent = parent
    db.flush()


def set_unit_active(db: Session, unit: Unit, active: bool) -> None:
    """An inactive unit keeps its data and reports but takes no new rounds, clients or staff."""
    if not active and any(child.active for child in unit.children):
        raise OrganisationError("units-below-active")
    unit.active = active
    db.flush()


@dataclass(frozen=True)
class OrgImport:
    created: int
    problems: list[ImportProblem]


def import_units(db: Session, content: bytes, filename: str) -> OrgImport:
    """Every unit of the file, or none when any row has a problem."""
    by_name = {unit.name: unit for unit in db.scalars(select(Unit))}
    rows, problems = parse_units(content, filename, set(by_name))
    for row in rows:
        by_name[row.name] = Unit(name=row.name, service_type=row.kind,
                                 parent=by_name[row.parent] if row.parent else None)
        db.add(by_name[row.name])
    db.flush()
    return OrgImport(len(rows), problems)


def import_staff(db: Session, content: bytes, filename: str) -> OrgImport:
    """Every staff account of the file (without a password), or none when any row has a problem."""
    by_name = {unit.name: unit for unit in db.scalars(select(Unit))}
    usernames = set(db.scalars(select(StaffUser.username)))
    rows, problems = parse_staff(content, filename, set(by_name), usernames)
    for row in rows:
        db.add(StaffUser(username=row.username, display_name=row.display_name, role=Role(row.role),
                         units=[by_name[name] for name in row.units],
                         raw_data_access=row.raw_data_access, password_hash=NO_PASSWORD,
                         language=row.language))
    db.flush()
    return OrgImport(len(rows), problems)
