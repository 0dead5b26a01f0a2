"""A defined variable's definition checks and how one value is read."""
from __future__ import annotations

from datetime import date

import pytest

from survey.domain.variables import (
    NOT_STATED,
    NOT_STATED_VALUE,
    OptionSpec,
    VariableProblem,
    VariableSpec,
    check_spec,
    parse_value,
    starter_set,
)

CHOICE = VariableSpec("housing", "choice", "intake", {"sv": "Boende"},
                      options=(OptionSpec("own-home", {"sv": "Eget"}), OptionSpec("other", {"sv": "Annat"})))
MULTI = VariableSpec("support", "multi", "during", {"sv": "Stöd"},
                     options=(OptionSpec("a", {"sv": "A"}), OptionSpec("b", {"sv": "B"}), OptionSpec("c", {"sv": "C"})))


def _problem(spec, raw) -> str:
    with pytest.raises(VariableProblem) as raised:
        parse_value(spec, raw)
    return raised.value.code


def test_every_variable_counts_not_stated_last():
    assert CHOICE.codes == ("own-home", "other", NOT_STATED)
    assert VariableSpec("x", "yes-no", "end", {"sv": "X"}).codes == ("yes", "no", NOT_STATED)
    assert VariableSpec("n", "count", "review", {"sv": "N"}).codes == (NOT_STATED,)


def test_a_choice_takes_one_known_code_and_empty_is_not_stated():
    assert parse_value(CHOICE, "other").codes == ("other",)
    assert parse_value(CHOICE, "") == NOT_STATED_VALUE
    assert parse_value(CHOICE, None).not_stated
    assert _problem(CHOICE, "castle") == "unknown-option"
    assert _problem(CHOICE, "own-home;other") == "one-option-only"


def test_several_choices_are_kept_in_the_variables_order():
    assert parse_value(MULTI, "c; a").codes == ("a", "c")
    assert parse_value(MULTI, ["b", "a"]).codes == ("a", "b")
    assert _problem(MULTI, "a;not-stated") == "not-stated-alone"


def test_counts_numbers_dates_and_text():
    count = VariableSpec("visits", "count", "review", {"sv": "Besök"})
    assert parse_value(count, "3").number == 3
    assert _problem(count, "2,5") == "not-a-whole-number"
    assert _problem(count, "-1") == "not-a-whole-number"
    number = VariableSpec("weight", "number", "intake", {"sv": "Vikt"})
    assert parse_value(number, "72,5").number == 72.5
    assert _problem(number, "much") == "not-a-number"
    assert _problem(number, "1e9") == "number-out-of-range"
    day = VariableSpec("plan_on", "date", "intake", {"sv": "Plan"})
    assert parse_value(day, "2024-03-01").day == date(2024, 3, 1)
    assert _problem(day, "1/3/2024") == "not-a-date"
    text = VariableSpec("note", "text", "end", {"sv": "Not"})
    assert parse_value(text, "hej").text == "hej"
    assert not text.reported
    assert _problem(text, "x" * 501) == "text-too-long"


def test_a_definition_reports_every_problem_at_once():
    bad = VariableSpec("Bad key", "colour", "someday", {"sv": " "},
                       options=(OptionSpec("a", {"sv": "A"}),))
    codes = [p.code for p in check_spec(bad, ("sv", "en"))]
    assert codes == ["variable-key", "variable-kind", "variable-phase", "variable-name",
                     "variable-options-not-allowed"]
    twice = VariableSpec("x", "choice", "intake", {"en": "X"},
                         options=(OptionSpec("a", {"sv": "A"}), OptionSpec("a", {"sv": ""})))
    assert [p.code for p in check_spec(twice, ("sv", "en"))] == [
        "variable-duplicate-option", "variable-option-label"]
    assert [p.code for p in check_spec(VariableSpec("x", "multi", "end", {"sv": "X"}), ("sv",))] == [
        "variable-no-options"]


def test_the_starter_set_holds_the_former_built_in_variables_named_in_every_staff_language():
    specs = {s.key: s for s in starter_set()}
    assert {"referral", "housing", "occupation", "end_reason", "bridged"} <= set(specs)
    for spec in specs.values():
        assert set(spec.names) == {"sv", "nb", "da", "fi", "en"}, spec.key
        assert all(set(o.labels) == {"sv", "nb", "da", "fi", "en"} for o in spec.options), spec.key
    assert specs["end_reason"].codes[:-1] == ("planned", "stopped-coming", "moved", "referred-on", "other")
