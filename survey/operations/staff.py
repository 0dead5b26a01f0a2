"""Changes to staff accounts: creating and editing them, their password (the one policy, the own
change and one-time reset codes), whether they may log in, and their sessions. A change that should
end the user's open sessions (disable, reset, role or units) calls ``end_sessions`` here."""
from __future__ import annotations

import gzip
import hashlib
import secrets
from datetime import timedelta
from functools import cache
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from survey.domain.vocabulary import STAFF_LANGUAGES
from survey.models import PasswordReset, Role, StaffUser, Unit
from survey.models.base import utcnow
from survey.operations.errors import OperationError

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 200
MIN_DIFFERENT_CHARACTERS = 5
# The 20,000 most common passwords of leaked password lists (Royce Williams' list, as Django
# ships it under the BSD licence), lower-case.
COMMON_PASSWORDS = Path(__file__).with_name("common-passwords.txt.gz")
# A hash no password matches: the account signs in through the identity provider or a reset code.
NO_PASSWORD = "!"
RESET_VALID_FOR = timedelta(hours=24)


class StaffError(OperationError):
    """A change to an account that is refused; the code says why (the web layer words it)."""


@cache
def _common_passwords() -> frozenset[str]:
    with gzip.open(COMMON_PASSWORDS, "rt", encoding="utf-8") as lines:
        return frozenset(line.strip() for line in lines if line.strip())


def validate_new_password(password: str) -> None:
    """The one password policy, for every way a password is set (forms, commands, imports):
    long enough, not made of a few repeated characters, and not a common or breached password."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise StaffError("password-too-short", min=MIN_PASSWORD_LENGTH)
    if len(password) > MAX_PASSWORD_LENGTH:
        raise StaffError("password-too-long", max=MAX_PASSWORD_LENGTH)
    if len(set(password.lower())) < MIN_DIFFERENT_CHARACTERS:
        raise StaffError("password-too-uniform", min=MIN_DIFFERENT_CHARACTERS)
    lowered = password.lower()
    if lowered in _common_passwords() or lowered.rstrip("0123456789!.") in _common_passwords():
        raise StaffError("password-common")


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
        raise StaffError("wrong-password")
    validate_new_password(new)
    user.set_password(new)
    end_sessions(db, user)


def set_staff_active(db: Session, admin: StaffUser | None, staff: StaffUser, active: bool) -> None:
    """Disable (or enable again) an account; nobody disables their own. Disabling ends the
    account's sessions."""
    if admin is not None and staff.id == admin.id:
        raise StaffError("disable-own-account")
    staff.active = active
    if not active:
        end_sessions(db, staff)
    db.flush()


def _check(db: Session, staff: StaffUser | None, username: str, display_name: str,
           units: list[Unit]) -> tuple[str, str]:
    username = username.strip()
    display_name = (display_name or "").strip() or username
    if not username or len(username) > 80 or any(c.isspace() for c in username):
        raise StaffError("username-invalid")
    if len(display_name) > 120:
        raise StaffError("name-too-long")
    same = db.scalar(select(StaffUser).where(StaffUser.username == username))
    if same is not None and same is not staff:
        raise StaffError("username-taken", username=username)
    inactive = [unit.name for unit in units if not unit.active and unit not in (staff.units if staff else [])]
    if inactive:
        raise StaffError("unit-inactive", units=", ".join(inactive))
    return username, display_name


def check_language(language: str | None) -> str | None:
    """One of the staff languages, or None (the organisation's default)."""
    if language not in (None, *STAFF_LANGUAGES):
        raise StaffError("unknown-language", language=language)
    return language


def set_language(db: Session, user: StaffUser, language: str | None) -> None:
    """The account's own language for the staff pages (None: the organisation's default)."""
    user.language = check_language(language)
    db.flush()


def create_staff(db: Session, username: str, display_name: str, role: Role, units: list[Unit],
                 raw_data_access: bool = False, password: str | None = None, *,
                 organisation_wide: bool = False, team_lead: bool = False,
                 defines_variables: bool = False, language: str | None = None) -> StaffUser:
    """A new account; without a password it signs in through the identity provider or a reset code."""
    username, display_name = _check(db, None, username, display_name, units)
    staff = StaffUser(username=username, display_name=display_name, role=role, units=list(units),
                      raw_data_access=raw_data_access, organisation_wide=organisation_wide,
                      team_lead=team_lead, defines_variables=defines_variables,
                      password_hash=NO_PASSWORD,
                      language=check_language(language))
    if password is not None:
        validate_new_password(password)
        staff.set_password(password)
    db.add(staff)
    db.flush()
    return staff


def update_staff(db: Session, admin: StaffUser | None, staff: StaffUser, display_name: str,
                 role: Role, units: list[Unit], raw_data_access: bool, *,
                 organisation_wide: bool | None = None, team_lead: bool | None = None,
                 defines_variables: bool | None = None, language: str | None = "") -> None:
    """Change an account's name, role, units, raw-data, organisation-level, team-lead and
    variable-defining permissions (``None``: unchanged) and language (``""``: unchanged); an
    admin keeps their own role."""
    if admin is not None and staff.id == admin.id and role is not staff.role:
        raise StaffError("own-role")
    _, staff.display_name = _check(db, staff, staff.username, display_name, units)
    organisation_wide = staff.organisation_wide if organisation_wide is None else organisation_wide
    team_lead = staff.team_lead if team_lead is None else team_lead
    if defines_variables is not None:
        staff.defines_variables = defines_variables
    if (role is not staff.role or set(units) != set(staff.units)
            or raw_data_access != staff.raw_data_access or organisation_wide != staff.organisation_wide
            or team_lead != staff.team_lead):
        end_sessions(db, staff)  # what the account may see changed: sign in again
    staff.role, staff.units, staff.raw_data_access = role, list(units), raw_data_access
    staff.organisation_wide, staff.team_lead = organisation_wide, team_lead
    if language != "":
        staff.language = check_language(language)
    db.flush()


def _digest(code: str) -> str:
    return hashlib.sha256(code.strip().encode()).hexdigest()


def issue_password_reset(db: Session, staff: StaffUser) -> str:
    """A one-time code (valid ``RESET_VALID_FOR``) for the staff member to set a new password.
    Only its hash is stored; an earlier unused code stops working."""
    now = utcnow()
    for old in db.scalars(select(PasswordReset).where(PasswordReset.staff_id == staff.id,
                                                      PasswordReset.used_at.is_(None))):
        old.used_at = now
    code = secrets.token_urlsafe(24)
    end_sessions(db, staff)  # a reset is asked for when the password may be known to others
    db.add(PasswordReset(staff_id=staff.id, token_hash=_digest(code), expires_at=now + RESET_VALID_FOR))
    db.flush()
    return code


def valid_reset(db: Session, code: str) -> PasswordReset | None:
    reset = db.scalar(select(PasswordReset).where(PasswordReset.token_hash == _digest(code)))
    if reset is None or reset.used_at is not None or reset.expires_at < utcnow() or not reset.staff.active:
        return None
    return reset


def reset_password(db: Session, code: str, new: str) -> StaffUser:
    """Set a new password with a one-time code; the code is used up."""
    reset = valid_reset(db, code)
    if reset is None:
        raise StaffError("reset-code-invalid")
    validate_new_password(new)
    reset.staff.set_password(new)
    end_sessions(db, reset.staff)
    reset.used_at = utcnow()
    db.flush()
    return reset.staff
