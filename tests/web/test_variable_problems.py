"""Every problem a typed value can have is worded, with what was typed in it (the value
problems of ``web/variable_problems.py``)."""
from __future__ import annotations

import pytest

from survey.domain.variables import OptionSpec, VariableProblem, VariableSpec, parse_value
from survey.web.variable_problems import PROBLEMS, problem_text

CHOICE = VariableSpec("who", "choice", "review", {"sv": "Vem"}, options=(OptionSpec("us", {}),))
MULTI = VariableSpec("what", "multi", "review", {"sv": "Vad"},
                     options=(OptionSpec("a", {}), OptionSpec("b", {})))


def _spec(kind):
    return VariableSpec("x", kind, "review", {"sv": "X"})


# A value refused for each reason parse_value has, and what its words must show of it.
REFUSED = [
    (CHOICE, "them", "them"), (CHOICE, ["us", "not-stated"], None),
    (MULTI, ["a", "not-stated"], None), (_spec("count"), "2.5", "2.5"),
    (_spec("number"), "lots", "lots"), (_spec("number"), "1e9", None),
    (_spec("date"), "2023-13-01", "2023-13-01"), (_spec("text"), "x" * 501, None),
]


def test_each_reason_a_value_is_refused_for_is_worded(app):
    codes = set()
    for spec, raw, shown in REFUSED:
        with pytest.raises(VariableProblem) as refused:
            parse_value(spec, raw)
        codes.add(refused.value.code)
        with app.test_request_context():
            text = problem_text(refused.value)
        assert "%(" not in text and (shown is None or shown in text), text
    assert codes == {code for code in PROBLEMS if not code.startswith("variable-")}
