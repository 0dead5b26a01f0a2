"""Changes to staff accounts: their password, whether they may log in, and their sessions."""
from __future__ import annotations

import gzip
from functools import cache
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from survey.models import StaffUser

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 200
MIN_DIFFERENT_CHARACTERS = 5
# The 20,000 most common passwords of leaked password lists (Royce Williams' list, as Django
# ships it under the BSD licence), lower-case.
COMMON_PASSWORDS = Path(__file__).with_name("common-passwords.txt.gz")


class StaffError(ValueError):
    """A change to an account that is refused; the message says why."""


@cache
def _common_passwords() -> frozenset[str]:
    with gzip.open(COMMON_PASSWORDS, "rt", encoding="utf-8") as lines:
        return frozenset(line.strip() for line in lines if line.strip())


def validate_new_password(password: str) -> None:
    """The one password policy, for every way a password is set (forms, commands, imports):
    long enough, not made of a few repeated characters, and not a common or breached password."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise StaffError(f"Lösenordet måste ha minst {MIN_PASSWORD_LENGTH} tecken.")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise StaffError(f"Lösenordet får ha högst {MAX_PASSWORD_LENGTH} tecken.")
    if len(set(password.lower())) < MIN_DIFFERENT_CHARACTERS:
        raise StaffError(f"Lösenordet måste ha minst {MIN_DIFFERENT_CHARACTERS} olika tecken.")
    lowered = password.lower()
    if lowered in _common_passwords() or lowered.rstrip("0123456789!.") in _common_passwords():
        raise StaffError("Lösenordet är för vanligt och finns i läckta lösenordslistor. Välj ett annat.")


@cache
def _dummy_hash() -> str:
    return generate_password_hash("no account has this password")


def authenticate(db: Session, username: str, password: str) -> StaffUser | None:
    """The active account with this username and password, or None. An unknown username costs
    the same hash check as a known one, so the time taken tells nobody which names exist."""
    user = db.scalar(select(StaffUser).where(StaffUser.username == username))
    if user is None:
        check_password_hash(_dummy_hash(), password)
        return None
    if not user.check_password(password) or not user.active:
        return None
    return user


def end_sessions(db: Session, user: StaffUser) -> None:
    """End every session of the account (logout, password change, disabling, an admin reset):
    a session is valid only while it holds the account's current version."""
    user.session_version += 1
    db.flush()


def change_own_password(db: Session, user: StaffUser, current: str, new: str) -> None:
    """The user's own change: the current password must be right. Ends the user's sessions (the
    caller keeps the one in use by storing the new version in it)."""
    if not user.check_password(current):
        raise StaffError("Fel lösenord.")
    validate_new_password(new)
    user.set_password(new)
    end_sessions(db, user)


def set_staff_active(db: Session, admin: StaffUser, staff: StaffUser, active: bool) -> None:
    """Disable (or enable again) an account; nobody disables their own. Disabling ends the
    account's sessions."""
    if staff.id == admin.id:
        raise StaffError("Du kan inte stänga av ditt eget konto.")
    staff.active = active
    if not active:
        end_sessions(db, staff)
    db.flush()
