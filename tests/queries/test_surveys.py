"""A round's counts read from its tallies are the counts of its answers."""
from __future__ import annotations

import random
import uuid

import pandas as pd
import pytest

from survey.operations import Submission, record_response
from survey.queries import answer_counts, raw_answers, respondent_counts, skipped_counts


@pytest.fixture
def answered(app, db, org, paper_round):
    """Forty responses to the housing survey in the round's three units, some without a gender
    or age group, some questions left empty or answered "don't know"."""
    catalogue = app.extensions["survey_catalogue"]
    questionnaire = catalogue.get("ux-housing")
    rng = random.Random(5)
    units = [ru.unit_id for ru in paper_round.round_units]
    for _ in range(40):
        answers = {}
        for item in questionnaire.items:
            choice = rng.choice([*questionnaire.scale_of(item).option_keys, None])
            if choice is not None:
                answers[item.key] = choice
        record_response(db, catalogue, Submission(
            uid=str(uuid.uuid4()), questionnaire_id="ux-housing", questionnaire_version=1,
            unit_id=rng.choice(units), round_id=paper_round.id, language="sv", mode="self",
            gender=rng.choice(["woman", "man", None]), age_group=rng.choice(["18-29", "65+", None]),
            answers=answers))
    db.commit()
    frame = raw_answers(db, paper_round.id).fillna({"gender": "not-stated", "age_group": "not-stated"})
    return paper_round, frame


def _sorted(frame: pd.DataFrame, columns: list[str]) -> list[tuple]:
    rows = frame[columns].astype(object).where(frame[columns].notna(), None)
    plain = (tuple(v.item() if hasattr(v, "item") else v for v in row)  # numpy's ints as int
             for row in rows.itertuples(index=False))
    return sorted(plain, key=repr)


@pytest.mark.parametrize("by", [(), ("gender", "age_group"), ("unit",)])
def test_answer_counts_of_every_unit_are_those_of_the_answers(db, answered, by):
    survey_round, frame = answered
    expected = frame.groupby(["item_key", "option_key", *by], dropna=False).size().rename("count")
    columns = ["item_key", "option_key", "count", *by]
    assert _sorted(answer_counts(db, survey_round.id, by), columns) == _sorted(
        expected.reset_index(), columns)


def test_respondents_and_skipped_are_those_of_the_answers(db, answered):
    survey_round, frame = answered
    by = ["unit", "gender", "age_group"]
    people = frame.drop_duplicates("respondent").groupby(by).size().rename("respondents")
    assert _sorted(respondent_counts(db, survey_round.id, tuple(by)), ["respondents", *by]) == _sorted(
        people.reset_index(), ["respondents", *by])
    skipped = frame[frame["option_key"].isna() | (frame["option_key"] == "dont-know")]
    expected = skipped.groupby(["item_key", *by]).size().rename("skipped").reset_index()
    assert _sorted(skipped_counts(db, survey_round.id), ["item_key", "skipped", *by]) == _sorted(
        expected, ["item_key", "skipped", *by])
