"""What a pivot counts: groups of numbers and months, the choices checked, fixed periods and
the sums that tie a year to its quarters and months."""
from __future__ import annotations

from datetime import date

import pytest

from survey.domain.pivots import Period, PivotSpec, groups_from, period_sums, periods_of_year
from survey.domain.variables import VariableProblem


def test_groups_as_a_person_writes_them():
    groups = groups_from("0, 1-2, 3-5, 6+")
    assert [g.code for g in groups] == ["0-0", "1-2", "3-5", "6+"]
    assert (groups[1].low, groups[1].high, groups[3].high) == (1, 2, None)


@pytest.mark.parametrize("text", ["", "3-1", "0-5, 4-8", "6+, 8-9", "a-b", "1.5-2"])
def test_groups_that_overlap_fall_or_are_not_numbers_are_refused(text):
    with pytest.raises(VariableProblem) as problem:
        groups_from(text)
    assert problem.value.code == "pivot-groups"


def test_a_pivot_offers_only_known_dimensions_schemes_and_percentages():
    PivotSpec("variable:referral", "age", percentages=("row",)).check({"referral"}, {"survey"})
    for spec, code in [(PivotSpec("variable:other", "gender"), "pivot-dimension"),
                       (PivotSpec("colour", "gender"), "pivot-dimension"),
                       (PivotSpec("gender", "gender"), "pivot-same-dimension"),
                       (PivotSpec("gender", "age", scheme="none"), "pivot-scheme"),
                       (PivotSpec("gender", "length", length_groups="x"), "pivot-groups"),
                       (PivotSpec("gender", "unit", percentages=("mean",)), "pivot-percentages")]:
        with pytest.raises(VariableProblem) as problem:
            spec.check({"referral"}, {"survey"})
        assert problem.value.code == code
    spec = PivotSpec("gender", "plan", "adults", "0, 1+", "0-11, 12+", ("total",))
    assert PivotSpec.from_dict(spec.as_dict()) == spec


def test_fixed_periods_their_months_and_ends():
    assert Period.parse("2024").months[0] == "2024-01" and len(Period.parse("2024").months) == 12
    quarter = Period.parse("2024-Q2")
    assert (quarter.key, quarter.start, quarter.end) == ("2024-Q2", date(2024, 4, 1), date(2024, 6, 30))
    assert Period.parse("2024-02").end == date(2024, 2, 29)
    assert quarter.length_end == date(2024, 12, 31)
    for text in ("2024-13", "2024-Q5", "24", "1999", "2024-03-01"):
        with pytest.raises(VariableProblem):
            Period.parse(text)


def test_a_year_is_the_sum_of_its_quarters_and_of_its_months():
    assert len(periods_of_year(2024)) == 17
    sums = {(whole.key, tuple(p.key for p in parts)) for whole, parts in period_sums(2024)}
    assert ("2024", ("2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4")) in sums
    assert ("2024-Q3", ("2024-07", "2024-08", "2024-09")) in sums
    assert len(sums) == 6


def test_a_pivot_under_the_rule_keeps_its_dimensions_in_the_fixed_groups():
    asked = PivotSpec("variable:visits", "age", "adults", "0, 1, 2+", "0-1, 2+", ("row",))
    fixed = asked.with_fixed_groups("survey")
    assert (fixed.rows, fixed.columns, fixed.percentages) == (asked.rows, asked.columns, ("row",))
    assert (fixed.scheme, fixed.number_groups, fixed.length_groups) == (
        "survey", PivotSpec.number_groups, PivotSpec.length_groups)
