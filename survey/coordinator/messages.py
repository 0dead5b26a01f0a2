"""The words of every refused change on the coordinators' pages: round plans and statuses,
paper imports and their undoing, each problem of a paper file or a file of records (the codes
of ``operations.rounds``, ``operations.imports``, ``operations.record_imports``,
``domain.paper_file``, ``domain.record_file`` and ``domain.review_file``)."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from survey.domain.spreadsheet import ImportProblem
from survey.operations.errors import OperationError
from survey.web.file_problems import FILE_PROBLEMS
from survey.web.i18n import number

ERRORS = {
    # A unit's follow-up settings (operations/followup.py set_unit_follow_up).
    "follow-up-months": _l("Follow-ups must fall %(low)s–%(high)s months apart."),
    "unknown-variable": _l("Choose among the variables listed."),
    "unknown-rule": _l("Unknown instrument or measurement point."),
    "rule-every": _l("A measurement every n sessions or months needs a number from %(low)s to "
                     "%(high)s."),
    # A pivot table and its saving (operations/pivots.py, domain/pivots.py).
    "pivot-name": _l("Give the pivot a name of at most 120 characters."),
    "pivot-dimension": _l("Choose rows and columns among those listed."),
    "pivot-same-dimension": _l("Choose different rows and columns."),
    "pivot-scheme": _l("Choose an age-group scheme among those listed."),
    "pivot-groups": _l('Groups are written as "0, 1-2, 3-5, 6+", rising without overlap '
                       '("%(group)s" is not).'),
    "pivot-percentages": _l("Choose row, column or total percentages."),
    # A round's plan and status (operations/rounds.py).
    "eligible-not-whole": _l("%(unit)s: the number asked must be a whole number from 0 to "
                             "%(most)s"),
    "unit-inactive": _l("%(unit)s: the unit is deactivated"),
    "no-units": _l("Choose at least one unit."),
    "closes-before-opens": _l("Collection cannot end before it starts."),
    "not-a-survey": _l("Only surveys can have rounds."),
    "status-unknown": _l("A round can only be opened or closed."),
    # Paper imports (operations/imports.py) and the upload itself.
    "round-not-open": _l("The round is not open: paper answers can only be added while it is "
                         "open."),
    "undo-closed-round": _l("An import can only be taken out while the round is open."),
    "refused-row": _l("the answers could not be stored (%(reason)s)"),
    "file-too-large": _l("The file is too large (at most %(most)s MB)."),
    "already-imported": _l("This file has already been imported. Nothing was added."),
    # A paper file's problems (domain/spreadsheet.py, domain/paper_file.py).
    **FILE_PROBLEMS,
    "answer-required": _l("an answer is needed (this questionnaire cannot be skipped)"),
    "unknown-option": _l('unknown answer "%(value)s" (allowed: %(allowed)s or their labels)'),
    "unit-required": _l("the unit is needed"),
    "unknown-unit": _l('unknown unit "%(value)s" (allowed: %(allowed)s)'),
    "unknown-gender": _l('unknown gender "%(value)s" (allowed: %(allowed)s or empty)'),
    "unknown-age-group": _l('unknown age group "%(value)s" (allowed: %(allowed)s or empty)'),
    "age-group-as-date": _l('unknown age group "%(value)s" (allowed: %(allowed)s or empty); '
                            "Excel may have made it a date: format the column as text"),
    "mode-required": _l("how the survey was answered is needed (allowed: %(allowed)s)"),
    "proxy-not-allowed": _l("proxy is not allowed: relatives may not answer for clients "
                            "(allowed: %(allowed)s)"),
    "unknown-mode": _l('unknown way of answering "%(value)s" (allowed: %(allowed)s)'),
    "unnamed-column": _l("values in a column without a name"),
    "duplicate-column": _l("the column appears more than once"),
    "unknown-column": _l("unknown column (allowed: %(allowed)s)"),
    "missing-column": _l("the column is missing"),
    "no-header": _l("the first row must name the columns: %(columns)s"),
    "duplicate-respondent": _l("the same respondent as row %(row)s"),
    "no-respondents": _l("no respondents: the file holds only the column names"),
    # A file of records (domain/record_file.py, operations/record_imports.py).
    "review-not-open": _l("The review is closed: choose an open one."),
    "import-in-use": _l("The import cannot be taken out: %(count)s things have been added to its "
                        "records since (sessions, goals, follow-ups, contacts, values or episodes)."),
    "import-undone": _l("The import has been taken out already."),
    "client-code-required": _l("the client's code is needed"),
    "client-code-too-long": _l("the client's code is too long (at most 40 characters)"),
    "client-code-personal-number": _l("this looks like a personal identity number: use the "
                                      "client's pseudonymous code"),
    "unknown-close-reason": _l('unknown close reason "%(value)s" (allowed: %(allowed)s or '
                               "their labels)"),
    "unknown-intervention-type": _l('unknown intervention "%(value)s" (allowed: %(allowed)s or '
                                    "their labels)"),
    "not-a-date": _l('"%(value)s" is not a date (write YYYY-MM-DD)'),
    "date-in-future": _l('the date "%(value)s" lies in the future'),
    "not-an-age": _l('"%(value)s" is not an age in whole years from 0 to 120'),
    "age-required": _l("the age at intake is needed for a new client"),
    "unknown-length-group": _l('unknown length group "%(value)s" (months, e.g. 0-3, 4-6, 7-12, '
                               "13+)"),
    "length-group-as-date": _l('unknown length group "%(value)s" (months, e.g. 0-3, 4-6, 7-12, '
                               "13+); Excel may have made it a date: format the column as text"),
    "therapist-required": _l("the therapist is needed (the unit's therapists: %(allowed)s)"),
    "unknown-therapist": _l('"%(value)s" is not a therapist of the unit (allowed: %(allowed)s)'),
    "unknown-value": _l('unknown value "%(value)s" (allowed: %(allowed)s or their labels)'),
    "one-option-only": _l("only one value may be given"),
    "not-stated-alone": _l("\"not stated\" cannot be given together with other values"),
    "not-a-whole-number": _l('"%(value)s" is not a whole number from 0'),
    "not-a-number": _l('"%(value)s" is not a number'),
    "number-out-of-range": _l("the number must lie within ±%(high)s"),
    "text-too-long": _l("the text is too long (at most %(limit)s characters)"),
    "start-or-length-required": _l("the start date is needed, or else the length group"),
    "closes-before-opening": _l("the episode cannot end before it starts"),
    "close-reason-required": _l("an ended episode needs its close reason"),
    "closed-on-required": _l("a close reason needs the end date"),
    "gender-differs-stored": _l("the client is stored with another gender (%(value)s)"),
    "gender-differs": _l("the same client has another gender in row %(row)s"),
    "episode-open": _l("the client already has an open episode: give this one its end date"),
    "episode-open-in-file": _l("the client's episode in row %(row)s is open too: only one "
                               "may be"),
    "episode-exists": _l("the client already has an episode that started that day"),
    "duplicate-episode": _l("the same episode as row %(row)s"),
    "no-records": _l("no records: the file holds only the column names"),
    # A file of a review's values (domain/review_file.py).
    "not-in-review": _l('the review holds no record of the client "%(value)s"'),
    "not-in-review-on": _l('the review holds no record of the client that started on %(value)s'),
    "review-start-required": _l("the client has %(count)s records in the review: give the "
                                "start date of this one"),
    "already-reviewed": _l("the record is already done in the review"),
}


def _worded(code: str, params: dict) -> str:
    """The words of a code with its parameters, numbers as the reader writes them."""
    return str(ERRORS[code]) % {name: number(value) if isinstance(value, int) else value
                                for name, value in params.items()}


def error_text(error: OperationError) -> str:
    """A refused change in the reader's language (another area's code shows as it came)."""
    return _worded(error.code, error.params) if error.code in ERRORS else str(error)


def problem_text(problem: ImportProblem) -> str:
    """One problem of a paper file, where it is first: "Rad 3, kolumn gender: …"."""
    what = _worded(problem.code, problem.params)
    if problem.row is not None and problem.column is not None:
        return _("Row %(row)s, column %(column)s: %(problem)s", row=number(problem.row),
                 column=problem.column, problem=what)
    if problem.row is not None:
        return _("Row %(row)s: %(problem)s", row=number(problem.row), problem=what)
    if problem.column is not None:
        return _("Column %(column)s: %(problem)s", column=problem.column, problem=what)
    return what[:1].upper() + what[1:]
