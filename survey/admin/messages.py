"""The words of refused changes on the admin pages: one entry per code of ``StaffError`` and
``OrganisationError`` that an admin's change can meet, and of the problems of a file of units or
staff (``domain.org_file``'s ``ImportProblem``s)."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from survey.web.file_problems import FILE_PROBLEMS

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
    # An age-group scheme (domain.age_schemes' codes and operations.age_schemes').
    "age-band": _l("%(band)s is not an age group: write e.g. 18-29, or 65+ for the last one "
                   "(whole years from 0 to 120)."),
    "age-bands-empty": _l("Write at least one age group."),
    "age-bands-overlap": _l("%(band)s starts before the group before it ends: write the groups "
                            "from the youngest, without overlaps."),
    "age-band-open-not-last": _l("%(band)s has no upper age: only the last group may end with +."),
    "scheme-name-missing": _l("Write a name in at least one language."),
    "scheme-name-too-long": _l("A name may have at most %(most)s characters."),
    "scheme-last": _l("The last age groups cannot be deleted: reports need one."),
    # A file of units or staff (each with its row and column).
    **FILE_PROBLEMS,
    "file-empty": _l("the file is empty"),
    "missing-column": _l("the column is missing"),
    "name-missing": _l("the name is missing"),
    "unit-name-too-long": _l("the name is longer than 120 characters"),
    "unit-exists": _l("the unit %(name)s already exists"),
    "unit-repeated": _l("the unit %(name)s is already on row %(row)s"),
    "kind-unknown": _l("unknown kind %(kind)s; allowed: %(allowed)s"),
    "parent-missing": _l("unknown unit %(name)s"),
    "units-in-a-ring": _l("the units form a ring (a unit under itself)"),
    "username-missing": _l("the username is missing"),
    "username-malformed": _l("at most 80 characters, no spaces"),
    "user-exists": _l("the user %(username)s already exists"),
    "user-repeated": _l("%(username)s is already on row %(row)s"),
    "role-unknown": _l("unknown role %(role)s; allowed: %(allowed)s"),
    "units-unknown": _l("unknown unit: %(units)s"),
    "yes-or-no": _l("write yes or no"),
    "language-unknown": _l("unknown language %(language)s; allowed: %(allowed)s"),
}


def problem_text(problem) -> str:
    """A problem of a file of units or staff in the reader's words, with where it is."""
    said = str(ERRORS[problem.code]) % problem.params
    if problem.row is not None and problem.column is not None:
        return _("Row %(row)s, column %(column)s: %(problem)s", row=problem.row,
                 column=problem.column, problem=said)
    if problem.row is not None:
        return _("Row %(row)s: %(problem)s", row=problem.row, problem=said)
    return said[:1].upper() + said[1:]
