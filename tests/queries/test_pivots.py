"""Pivot counts in SQL: several choices counted once per value, an episode once by its newest recording,
a length of intervention from its dates or as a file gave it, free text never counted."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from survey.domain.pivots import PivotSpec
from survey.domain.variables import ParsedValue
from survey.models import Client, Episode, RecordReview, Variable, VariableOption
from survey.operations import record_value
from survey.queries import age_schemes
from survey.queries.pivots import newest_variables, pivot_counts


def _counts(db, spec, unit, length_end=date(2025, 12, 31)):
    keys = [d.removeprefix("variable:") for d in (spec.rows, spec.columns) if d.startswith("variable:")]
    kinds = {k: v.kind for k, v in newest_variables(db, keys).items()}
    frame = pivot_counts(db, [unit.id], spec, date(2025, 1, 1), date(2025, 12, 31), length_end, kinds,
                         {s.key: s for s in age_schemes(db)})
    return {(r, c): n for r, c, n in zip(frame["row"], frame["column"], frame["n"])}


@pytest.fixture
def episode(db, org):
    unit = org["units"]["north"]

    def make(code, gender="woman", opened=date(2025, 3, 1), closed=None, length_group=None):
        client = Client(code=code, unit=unit, therapist=org["staff"]["anna"], gender=gender,
                        age_group="30-49")
        made = Episode(client=client, therapist=org["staff"]["anna"], opened_on=opened,
                       closed_on=closed, length_group=length_group)
        db.add(made)
        db.flush()
        return made

    return make


def test_several_choices_count_an_episode_once_per_value(db, org, episode):
    needs = Variable(key="needs", kind="multi", phase="intake", names={"sv": "Behov"}, options=[
        VariableOption(code=c, position=i, labels={"sv": c}) for i, c in enumerate(("housing", "work"))])
    db.add(needs)
    db.flush()
    record_value(db, episode("A"), needs, ParsedValue(codes=("housing", "work")))
    record_value(db, episode("B", "man"), needs, ParsedValue(codes=("work",)))
    episode("C")
    counts = _counts(db, PivotSpec("variable:needs", "gender"), org["units"]["north"])
    assert counts == {("housing", "woman"): 1, ("work", "woman"): 1, ("work", "man"): 1,
                      ("not-stated", "woman"): 1}


def test_an_episode_counts_once_by_its_newest_recording(db, org, episode):
    referral = db.scalar(select(Variable).where(Variable.key == "referral"))
    needs = Variable(key="needs", kind="multi", phase="intake", names={"sv": "Behov"}, options=[
        VariableOption(code=c, position=i, labels={"sv": c}) for i, c in enumerate(("housing", "work"))])
    first, second = (RecordReview(unit_id=org["units"]["north"].id, name=n) for n in ("2024", "2025"))
    db.add_all([needs, first, second])
    db.flush()
    a, b, c = episode("A"), episode("B", "man"), episode("C")
    record_value(db, a, referral, ParsedValue(codes=("self",)))
    record_value(db, a, needs, ParsedValue(codes=("housing", "work")))
    record_value(db, a, referral, ParsedValue(codes=("school",)), review_id=first.id)
    record_value(db, a, needs, ParsedValue(codes=("work",)), review_id=first.id)
    record_value(db, b, referral, ParsedValue(codes=("school",)), review_id=first.id)
    record_value(db, b, referral, ParsedValue(codes=("self",)))
    record_value(db, c, referral, ParsedValue(codes=("self",)), review_id=first.id)
    record_value(db, c, referral, ParsedValue(codes=("not-stated",)), review_id=second.id)
    north = org["units"]["north"]
    assert _counts(db, PivotSpec("variable:referral", "gender"), north) == {
        ("school", "woman"): 1, ("self", "man"): 1, ("not-stated", "woman"): 1}
    # The newest recording's set of choices as a whole: A's {work}, not {housing, work}.
    assert _counts(db, PivotSpec("variable:needs", "variable:referral"), north) == {
        ("work", "school"): 1, ("not-stated", "self"): 1, ("not-stated", "not-stated"): 1}
    # Re-recording within a review replaces that review's value, and makes it the newest.
    record_value(db, b, referral, ParsedValue(codes=("relative",)), review_id=first.id)
    assert _counts(db, PivotSpec("variable:referral", "gender"), north)[("relative", "man")] == 1


def test_a_length_from_the_dates_to_the_end_or_as_a_file_gave_it(db, org, episode):
    episode("A", opened=date(2025, 1, 1), closed=date(2025, 3, 15))  # 2.4 months: 0-2
    episode("B", opened=date(2025, 1, 1))  # open: to the end given, 5 months: 3-5
    episode("C", opened=date(2025, 1, 1), closed=date(2025, 11, 1))  # closed after it: to the end
    episode("D", length_group="12-23")
    episode("E", length_group="long")  # not one of the groups
    spec = PivotSpec("length", "gender", length_groups="0-2, 3-5, 6-11, 12-23")
    assert _counts(db, spec, org["units"]["north"], length_end=date(2025, 6, 1)) == {
        ("0-2", "woman"): 1, ("3-5", "woman"): 2, ("12-23", "woman"): 1, ("not-stated", "woman"): 1}


def test_free_text_is_never_counted(db, org, episode):
    db.add(Variable(key="note", kind="text", phase="intake", names={"sv": "Anteckning"}))
    db.flush()
    with pytest.raises(ValueError):
        _counts(db, PivotSpec("variable:note", "gender"), org["units"]["north"])
