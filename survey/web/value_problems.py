"""The words of a refused variable value (the ``VariableProblem`` codes of
``domain.variables.parse_value``), wherever a value is typed or read from a file."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from survey.web.i18n import number

VALUE_PROBLEMS = {
    "unknown-option": _l('"%(value)s" is not one of the values'),
    "one-option-only": _l("choose one value only"),
    "not-stated-alone": _l('"not stated" cannot be chosen with another value'),
    "not-a-whole-number": _l('"%(value)s" is not a whole number of 0 or more'),
    "not-a-number": _l('"%(value)s" is not a number'),
    "number-out-of-range": _l("the number must lie between −%(high)s and %(high)s"),
    "not-a-date": _l('"%(value)s" is not a date (write it as YYYY-MM-DD)'),
    "text-too-long": _l("at most %(limit)s characters"),
}


def value_problem_text(problem) -> str:
    """A refused value (a ``VariableError`` or ``VariableProblem``) in the reader's words."""
    return str(VALUE_PROBLEMS[problem.code]) % {
        name: number(value) if isinstance(value, int) else value
        for name, value in problem.params.items()}
