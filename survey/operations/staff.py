"""Changes to staff accounts: their password, and whether they may log in."""
from __future__ import annotations

from sqlalchemy.orm import Session

from survey.models import StaffUser

MIN_PASSWORD_LENGTH = 12


class StaffError(ValueError):
    """A change to an account that is refused; the message says why."""


def validate_new_password(password: str) -> None:
    """The one password policy, for every way a password is set (forms, commands, imports)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise StaffError(f"Lösenordet måste ha minst {MIN_PASSWORD_LENGTH} tecken.")


def change_own_password(db: Session, user: StaffUser, current: str, new: str) -> None:
    """The user's own change: the current password must be right."""
    if not user.check_password(current):
        raise StaffError("Fel lösenord.")
    validate_new_password(new)
    user.set_password(new)
    db.flush()


def set_staff_active(db: Session, admin: StaffUser, staff: StaffUser, active: bool) -> None:
    """Disable (or enable again) an account; nobody disables their own."""
    if staff.id == admin.id:
        raise StaffError("Du kan inte stänga av ditt eget konto.")
    staff.active = active
    db.flush()
