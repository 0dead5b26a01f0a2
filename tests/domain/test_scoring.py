"""Scoring rules of the session instruments, each on examples worked out by hand."""
from __future__ import annotations

from datetime import date

import pytest

from survey.config import BUNDLED_QUESTIONNAIRES
from survey.domain.instruments import load_catalogue
from survey.domain.scoring import (
    AllianceRules,
    OutcomeRules,
    SessionScores,
    change_category,
    effect_size,
    episode_result,
    signal_history,
    signals,
    total,
    validity_flags,
)
from survey.domain.trajectory import TrajectoryPoint

CATALOGUE = load_catalogue(BUNDLED_QUESTIONNAIRES)
ADULT = OutcomeRules.of(CATALOGUE.get("outcome-adult"), "adult")   # cut-off 25, reliable change 5
ALLIANCE = AllianceRules.of(CATALOGUE.get("alliance-adult"))        # total 36, item 9


def test_rules_come_from_the_questionnaire_files():
    assert (ADULT.cutoff, ADULT.reliable_change) == (25, 5)
    assert OutcomeRules.of(CATALOGUE.get("outcome-adult"), "youth").cutoff == 28
    assert OutcomeRules.of(CATALOGUE.get("outcome-child"), "child").cutoff == 32
    assert (ALLIANCE.total, ALLIANCE.item) == (36, 9)
    with pytest.raises(ValueError):
        AllianceRules.of(CATALOGUE.get("outcome-adult"))


def test_total_needs_every_item():
    assert total([6.1, 7.0, 5.5, 8.4]) == 27.0  # 6.1 + 7.0 + 5.5 + 8.4 = 27.0
    assert total([6.1, None, 5.5, 8.4]) is None
    assert total([]) is None


@pytest.mark.parametrize("intake, last, category", [
    (18.0, 26.0, "recovered"),     # +8 ≥ 5, and 18 < 25 ≤ 26: crossed the cut-off
    (18.0, 23.0, "improved"),      # +5 ≥ 5 but 23 < 25
    (26.0, 31.5, "improved"),      # +5.5, but started above the cut-off
    (20.0, 24.9, "no-change"),     # +4.9 < 5
    (20.0, 15.1, "no-change"),     # −4.9 > −5
    (20.0, 15.0, "deteriorated"),  # −5 ≤ −5
])
def test_change_categories(intake, last, category):
    assert change_category(intake, last, ADULT) == category


def test_effect_size():
    # intakes 10, 20, 30: mean 20, SD √((100 + 0 + 100) / 2) = 10; changes +4, +6, +8: mean 6 → 0.6
    assert effect_size([10, 20, 30], [14, 26, 38]) == pytest.approx(0.6)
    assert effect_size([10], [20]) is None
    assert effect_size([10, 10], [12, 14]) is None  # no spread in the intakes


def _session(number, outcome=None, alliance=None, items=()):
    return SessionScores(number, date(2026, 3, number), outcome, alliance, tuple(items))


def _codes(sessions, expected=None):
    return [s.code for s in signals(sessions, ADULT, ALLIANCE, no_improvement_by=4, expected=expected)]


def test_no_signal_for_a_client_on_track():
    sessions = [_session(1, 18.0, 38.0, [9.5] * 4), _session(2, 24.0, 38.5, [9.5, 9.5, 9.5, 10])]
    assert _codes(sessions) == []


def test_alliance_signals():
    # 8.9 + 9 + 9 + 9 = 35.9 < 36, an item 8.9 < 9, and 35.9 < 38.0 last time
    sessions = [_session(1, 20.0, 38.0, [9.5] * 4), _session(2, 21.0, 35.9, [8.9, 9, 9, 9])]
    assert _codes(sessions) == ["alliance-low", "alliance-item-low", "alliance-drop"]
    # 10 + 10 + 10 + 8.5 = 38.5: the total is fine, one item is not; 38.5 > 38.0, no drop
    sessions[1] = _session(2, 21.0, 38.5, [10, 10, 10, 8.5])
    assert _codes(sessions) == ["alliance-item-low"]


def test_a_signal_carries_its_figures_not_words():
    alliance = signals([_session(1, 20.0, 38.0, [9.5] * 4), _session(2, 21.0, 35.9, [8.9, 9, 9, 9])],
                       ADULT, ALLIANCE, no_improvement_by=4)
    assert [(s.code, s.figures, s.limit) for s in alliance] == [
        ("alliance-low", (35.9, 36), 36), ("alliance-item-low", (9, 8.9), 9),
        ("alliance-drop", (38.0, 35.9), None)]
    outcome = signals([_session(1, 22.0), _session(2, 17.0), _session(3, 15.0), _session(4, 15.5)],
                      ADULT, ALLIANCE, no_improvement_by=4,
                      expected=[TrajectoryPoint(4, 25.0, 20.0, 30)])
    assert [(s.code, s.figures) for s in outcome] == [("outcome-worse", (22.0, 15.5)),
                                                      ("off-track", (15.5, 20.0))]
    slow = signals([_session(1, 15.0), _session(4, 16.0)], ADULT, ALLIANCE, no_improvement_by=4)
    assert [(s.code, s.figures) for s in slow] == [("no-improvement", (4,))]


def test_outcome_fallen_by_the_reliable_change():
    assert _codes([_session(1, 22.0), _session(2, 17.0)]) == ["outcome-worse"]  # 17 − 22 = −5
    assert _codes([_session(1, 22.0), _session(2, 17.1)]) == []                 # −4.9


def test_no_reliable_improvement_by_the_fourth_session():
    three = [_session(1, 15.0), _session(2, 16.0), _session(3, 17.0)]
    assert _codes(three) == []                                  # only session 3
    assert _codes(three + [_session(4, 19.9)]) == ["no-improvement"]  # +4.9 by session 4
    assert _codes(three + [_session(4, 20.0)]) == []            # +5: reliably improved


def test_below_the_expected_trajectory():
    expected = [TrajectoryPoint(1, 15.0, 12.0, 30), TrajectoryPoint(2, 19.0, 16.5, 28)]
    assert _codes([_session(1, 15.0), _session(2, 16.4)], expected) == ["off-track"]  # 16.4 < 16.5
    assert _codes([_session(1, 15.0), _session(2, 16.5)], expected) == []


def _outcomes(*totals):
    return [SessionScores(n, date(2026, 3, n), outcome=t) for n, t in enumerate(totals, start=1)]


@pytest.mark.parametrize("totals, category, change", [
    ((16, 19, 27), "recovered", 11),      # +11 ≥ 5 and 16 < 25 ≤ 27
    ((10, 16.5), "improved", 6.5),        # +6.5 but still under 25
    ((26, 31), "improved", 5),            # started above the cut-off: cannot recover
    ((20, 16.1), "no-change", -3.9),
    ((20, 24, 15), "deteriorated", -5),   # first to latest, not the best in between
])
def test_an_episode_result_is_first_to_latest_score(totals, category, change):
    result = episode_result(_outcomes(*totals), ADULT)
    assert (result.category, result.change, result.intake, result.last) == (
        category, change, totals[0], totals[-1])
    assert result.rules == ADULT


def test_no_result_without_two_outcome_scores():
    assert episode_result(_outcomes(16), ADULT) is None
    assert episode_result([SessionScores(1, date(2026, 3, 1), alliance=38)], ADULT) is None


@pytest.mark.parametrize("totals, flags", [
    ((16, 18, 22), []),
    ((25, 27), ["intake-above-cutoff"]),              # at the cut-off counts as above
    ((12,), ["single-rating"]),
    ((30,), ["intake-above-cutoff", "single-rating"]),
    ((12, 20, 13), ["saw-tooth"]),                    # +8 then −7: both at least 5
    ((12, 20, 16, 22), []),                           # −4 between is no swing
    ((12, 17, 12.1), []),                             # +5 then −4.9: the second is short
    ((12, 17, 12, 20), ["saw-tooth"]),
])
def test_validity_flags_on_hand_made_series(totals, flags):
    assert validity_flags(list(totals), ADULT) == flags


def test_the_signal_history_keeps_what_later_scores_no_longer_show():
    sessions = [SessionScores(1, date(2026, 3, 1), outcome=16, alliance=38),
                SessionScores(2, date(2026, 3, 8), outcome=18, alliance=35),   # low and a drop
                SessionScores(3, date(2026, 3, 15), outcome=20, alliance=38)]  # all well again
    assert signals(sessions, ADULT, ALLIANCE, no_improvement_by=4) == []
    assert [(s.code, s.session) for s in signal_history(sessions, ADULT, ALLIANCE, 4)] == [
        ("alliance-drop", 2), ("alliance-low", 2)]
