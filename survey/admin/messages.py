"""The words of refused changes on the admin pages: one entry per code of ``StaffError`` and
``OrganisationError`` that an admin's change can meet."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

ERRORS = {
    "unknown-language": _l("Unknown language: %(language)s."),
    "disable-own-account": _l("You cannot disable your own account."),
    "own-role": _l("You cannot change your own role."),
    "username-invalid": _l("The username must have 1–80 characters and no spaces."),
    "name-too-long": _l("The name may have at most 120 characters."),
    "username-taken": _l("The username %(username)s is taken."),
    "unit-inactive": _l("The unit is disabled: %(units)s."),
    "organisation-name-invalid": _l("The organisation's name must have 1–120 characters."),
    "unit-name-invalid": _l("The unit's name must have 1–120 characters."),
    "unit-kind-unknown": _l("Unknown kind of unit: %(kind)s."),
    "unit-name-taken": _l("There already is a unit called %(name)s."),
    "unit-under-itself": _l("A unit cannot sit under itself."),
    "units-below-active": _l("First disable the units under this one."),
    "parent-unknown": _l("Unknown unit to put it under."),
}
