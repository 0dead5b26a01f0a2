"""The words of every problem of a defined variable (its definition, or a value given for it),
shared by the admin's, the coordinator's and the clinic's ``messages``; each names the variable
in the reader's language."""
from __future__ import annotations

from collections.abc import Mapping

from flask_babel import lazy_gettext as _l

from survey.operations import DefinitionError, VariableError
from survey.web.i18n import number
from survey.web.labels import defined_label

PROBLEMS = {
    # A definition (domain/variables.py check_spec, operations/variables.py).
    "variable-key": _l("the short name must start with a letter and hold only a–z, 0–9 and _ "
                       "(at most 40)"),
    "variable-key-taken": _l("the short name %(variable)s is taken by another variable"),
    "variable-kind": _l("choose a kind"),
    "variable-phase": _l("choose when it is recorded"),
    "variable-name": _l("give the name in at least one language"),
    "variable-no-options": _l("a choice needs at least one value"),
    "variable-duplicate-option": _l("two values have the same code"),
    "variable-option-code": _l('the code "%(option)s" may hold only a–z, 0–9 and - (at most 40)'),
    "variable-option-label": _l('the value "%(option)s" needs a label in at least one language'),
    "variable-options-not-allowed": _l("only a choice has values of its own"),
    "variable-option-code-used": _l('the code "%(option)s" meant another value in an earlier '
                                    'version: give the new value a new code'),
    "variable-retired": _l("this version is no longer current"),
    # A value (domain/variables.py parse_value).
    "unknown-option": _l('"%(value)s" is not one of its values'),
    "one-option-only": _l("choose one value only"),
    "not-stated-alone": _l('"not stated" cannot go with another value'),
    "not-a-whole-number": _l('"%(value)s" is not a whole number of 0 or more'),
    "not-a-number": _l('"%(value)s" is not a number'),
    "number-out-of-range": _l("the number must lie between −%(high)s and %(high)s"),
    "not-a-date": _l('"%(value)s" is not a date (YYYY-MM-DD)'),
    "text-too-long": _l("at most %(limit)s characters"),
}


def problem_text(problem) -> str:
    """One problem (a ``VariableError`` or the domain's ``VariableProblem``) in the reader's
    words, with what was typed in it."""
    params = {k: number(v) if isinstance(v, (int, float)) else v for k, v in problem.params.items()}
    return str(PROBLEMS[problem.code]) % params


def problem_texts(error: VariableError, names: Mapping[str, Mapping[str, str]]) -> list[str]:
    """Every problem of a refusal, each "<variable>: <what is wrong>"; ``names``: a variable's
    names by its key (a new variable's key has none: its problems stand alone)."""
    found = error.problems if isinstance(error, DefinitionError) else [error]
    texts = []
    for problem in found:
        text = problem_text(problem)
        key = problem.params.get("variable")
        texts.append(f"{defined_label(names[key])}: {text}" if key in names else text)
    return texts
