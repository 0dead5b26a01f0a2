"""Answers parsed by their item's answer type."""
from __future__ import annotations

import math

import pytest

from survey.config import BUNDLED_QUESTIONNAIRES
from survey.domain.instruments import AnswerError, load_catalogue


def test_answers_are_checked_against_their_type():
    catalogue = load_catalogue(BUNDLED_QUESTIONNAIRES)
    outcome = catalogue.get("outcome-adult")
    keys = [item.key for item in outcome.items]
    stored = outcome.parse_answers({keys[0]: 7.25, keys[1]: "3", keys[2]: 0, keys[3]: 10})
    assert [stored[k].value for k in keys] == [7.2, 3.0, 0.0, 10.0]
    for bad in (10.1, -0.1, math.nan, math.inf, "high", True, [5]):
        with pytest.raises(AnswerError, match=f"{keys[0]}: must be a number from 0 to 10"):
            outcome.parse_answers({**{k: 5 for k in keys}, keys[0]: bad})
    with pytest.raises(AnswerError, match=f"{keys[3]}: an answer is needed"):
        outcome.parse_answers({k: 5 for k in keys[:3]})
    survey = catalogue.get("ux-housing")
    first = survey.items[0]
    with pytest.raises(AnswerError, match=f"{first.key}: must be one of"):
        survey.parse_answers({first.key: "maybe"})
    with pytest.raises(AnswerError, match="unknown item 'nonsense'"):
        survey.parse_answers({"nonsense": "yes"})
    assert survey.parse_answers({})[first.key].skipped
