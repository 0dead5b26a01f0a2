"""Age-group schemes: bands as written, checked, and an age's band."""
from __future__ import annotations

import pytest

from survey.domain.age_schemes import (
    STARTER_SCHEMES,
    AgeScheme,
    bands_from,
    check_age,
    survey_group,
)
from survey.domain.variables import NOT_STATED, VariableProblem


def test_an_age_falls_in_its_band_and_outside_every_band_is_not_stated():
    scheme = AgeScheme("x", {"sv": "X"}, bands_from("0-5, 6-12, 13-17, 65+"))
    assert [scheme.band_of(age) for age in (0, 5, 6, 17, 40, 65, 99, None)] == [
        "0-5", "0-5", "6-12", "13-17", NOT_STATED, "65+", "65+", NOT_STATED]
    assert scheme.codes == ("0-5", "6-12", "13-17", "65+", NOT_STATED)


@pytest.mark.parametrize("text, code", [
    ("0-5, 5-9", "age-bands-overlap"), ("10-5", "age-band"), ("18+, 30-40", "age-band-open-not-last"),
    ("a-b", "age-band"), ("12", "age-band"), ("0-200", "age-band")])
def test_bands_that_overlap_or_cannot_be_read_are_refused(text, code):
    with pytest.raises(VariableProblem) as raised:
        bands_from(text)
    assert raised.value.code == code


def test_ages_are_whole_years_up_to_120():
    assert check_age(0) == 0
    with pytest.raises(VariableProblem):
        check_age(121)


def test_the_starter_schemes_include_the_surveys_own_groups():
    survey = {s.key: s for s in STARTER_SCHEMES}["survey"]
    assert survey.codes[:-1] == ("0-5", "6-12", "13-17", "18-29", "30-49", "50-64", "65+")


def test_without_an_age_a_survey_group_is_placed_when_one_band_holds_it_whole():
    ten = {s.key: s for s in STARTER_SCHEMES}["ten-years"]
    survey = {s.key: s for s in STARTER_SCHEMES}["survey"]
    assert survey.band_of(None, "30-49") == "30-49"
    assert ten.band_of(None, "30-49") == NOT_STATED  # 30-39 and 40-49 both
    assert ten.band_of(None, "0-5") == "0-9"
    assert survey.band_of(None, "65+") == "65+"
    assert ten.band_of(None, "65+") == NOT_STATED
    assert ten.band_of(None, None) == NOT_STATED


def test_an_age_gives_the_survey_group_the_kiosk_and_instruments_read():
    assert [survey_group(age) for age in (0, 5, 6, 12, 13, 17, 18, 29, 30, 49, 50, 64, 65, 120)] == [
        "0-5", "0-5", "6-12", "6-12", "13-17", "13-17", "18-29", "18-29", "30-49", "30-49",
        "50-64", "50-64", "65+", "65+"]
    with pytest.raises(VariableProblem):
        survey_group(121)
