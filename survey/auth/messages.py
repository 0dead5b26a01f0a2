"""The words of refused changes on the sign-in and account pages: one entry per code of
``StaffError`` (the password rules, the own password, one-time codes, the language)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

ERRORS = {
    "password-too-short": _l("The password must have at least %(min)s characters."),
    "password-too-long": _l("The password may have at most %(max)s characters."),
    "password-too-uniform": _l("The password must have at least %(min)s different characters."),
    "password-common": _l("The password is too common and appears in leaked password lists. "
                          "Choose another one."),
    "wrong-password": _l("Wrong password."),
    "reset-code-invalid": _l("The code is invalid, used or too old. Ask an administrator for a "
                             "new one."),
    "unknown-language": _l("Unknown language: %(language)s."),
}
