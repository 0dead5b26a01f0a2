"""Results per therapist: every figure worked out by hand from six episodes."""
from __future__ import annotations

import math
from datetime import date

import pandas as pd
import pytest

from survey.domain.disclosure import COMPLEMENT, FEW
from survey.domain.scoring import OutcomeRules
from survey.reporting import dose_results, feedback_results
from survey.reporting.feedback import EPISODE_COLUMNS, WHOLE, feedback_pattern, period_hidden

RULES = {"adult": OutcomeRules(cutoff=25, reliable_change=5)}
START, END = date(2026, 1, 1), date(2026, 12, 31)


def _episodes() -> pd.DataFrame:
    rows = [
        # id client group  gender   band    opened            closed              reason           sessions scores intake last  alliance sum, n, below 36
        (1, "c1", "Anna", "woman", "adult", date(2026, 1, 5), date(2026, 5, 1), "planned", 4, 4, 18.0, 26.0, 38.0, 1, 0),          # +8 recovered
        (2, "c2", "Anna", "woman", "adult", date(2026, 2, 1), None, None, 3, 3, 20.0, 24.0, 35.0, 1, 1),                           # +4 no change
        (3, "c3", "Anna", "woman", "adult", date(2026, 3, 1), date(2026, 6, 1), "stopped-coming", 2, 2, 22.0, 16.0, 0.0, 0, 0),   # −6 deteriorated
        (4, "c4", "Anna", "man", "adult", date(2026, 4, 1), None, None, 5, 5, 10.0, 17.0, 76.0, 2, 0),                            # +7 improved; 40 and 36
        (5, "c5", "Anna", "man", "adult", date(2026, 1, 20), date(2026, 2, 10), "stopped-coming", 1, 1, 24.0, 24.0, 0.0, 0, 0),   # one session
        (6, "c4", "Anna", "man", "adult", date(2025, 11, 1), date(2026, 3, 1), "moved", 2, 2, 26.0, 27.0, 0.0, 0, 0),             # +1 no change
        (7, "c7", "Bo", "woman", "adult", date(2026, 2, 1), None, None, 2, 2, 15.0, 22.0, 30.0, 1, 1),
        (8, "c8", "Bo", "man", "adult", date(2026, 2, 1), None, None, 2, 2, 15.0, 12.0, 0.0, 0, 0),
    ]
    frame = pd.DataFrame(rows, columns=[c for c in EPISODE_COLUMNS if c not in ("unit_id", "planned_sessions")])
    frame["unit_id"], frame["planned_sessions"] = 1, None
    frame["flagged"], frame["signals_raised"], frame["signals_acted"] = False, 0, 0
    frame["signal_days"] = [()] * len(frame)
    return frame


def test_one_therapists_results_by_hand():
    table = feedback_results(_episodes(), START, END, RULES, feedback_pattern(_episodes(), 2026, 5, exact=True))
    anna = table.values[("Anna", "all")]
    expected = {
        "clients": 5,                      # c1, c2, c3, c4, c5 (c4 twice)
        "episodes": 6,
        "closed": 4,                       # 1, 3, 5, 6 closed in 2026
        "closed:planned": 1, "closed:stopped-coming": 2, "closed:moved": 1,
        "closed:referred-on": 0, "closed:other": 0,
        "single-session": 1,               # episode 5
        "with-change": 5,                  # all but episode 5
        "mean-intake": 19.2,               # (18 + 20 + 22 + 10 + 26) / 5 = 96 / 5
        "mean-last": 22.0,                 # (26 + 24 + 16 + 17 + 27) / 5 = 110 / 5
        "mean-change": 2.8,                # (8 + 4 − 6 + 7 + 1) / 5 = 14 / 5
        "share:improved": 0.4,             # 4 improved + 1 recovered = 2 of 5
        "share:recovered": 0.2,            # episode 1: 18 → 26 crosses 25
        "share:no-change": 0.4,            # episodes 2 and 6
        "share:deteriorated": 0.2,         # episode 3
        "alliance-mean": 37.25,            # (38 + 35 + 40 + 36) / 4
        "alliance-share-below": 0.25,      # 35 < 36; 36 is not below
    }
    for measure, value in expected.items():
        assert anna[measure] == pytest.approx(value), measure
    # SD of intakes 18, 20, 22, 10, 26: squares of deviations from 19.2 sum to 140.8;
    # 140.8 / 4 = 35.2; √35.2 = 5.933; 2.8 / 5.933 = 0.472
    assert anna["effect-size"] == pytest.approx(2.8 / math.sqrt(35.2))
    assert table.hidden == {}  # the viewer may open every episode: nothing is hidden


def test_groups_under_five_clients_are_hidden_and_so_is_what_would_give_them_away():
    pattern = period_hidden(feedback_pattern(_episodes(), 2026, 5), START, END)
    # Anna: 5 clients, 3 women and 2 men; Bo: 1 woman, 1 man; both together 7.
    assert pattern == {
        ("Anna", "woman"): FEW, ("Anna", "man"): FEW, ("Bo", "all"): FEW, ("Bo", "woman"): FEW,
        ("Bo", "man"): FEW, (WHOLE, "woman"): FEW, (WHOLE, "man"): FEW,
        # Both together (7) minus Anna's 5 would give Bo's 2.
        ("Anna", "all"): COMPLEMENT}
    table = feedback_results(_episodes(), START, END, RULES, pattern)
    assert set(table.hidden) == {("Anna", "woman"), ("Anna", "man"), ("Anna", "all"),
                                 ("Bo", "all"), ("Bo", "woman"), ("Bo", "man")}
    # Women and men side by side: the figures exist, the page and exports hide them.
    assert table.values[("Anna", "woman")]["episodes"] == 3
    assert list(table.values.columns.get_level_values("gender")[:3]) == ["all", "woman", "man"]


def test_signals_acted_on_and_flagged_episodes_by_hand():
    episodes = _episodes()
    episodes.loc[0, "signals_acted"] = 2
    episodes.at[0, "signal_days"] = (3, 1)
    episodes.loc[1, "signals_acted"] = 1
    episodes.at[1, "signal_days"] = (10,)
    episodes.loc[[0, 1, 2], "signals_raised"] = [3, 1, 2]
    episodes.loc[5, "flagged"] = True  # intake 26, over the cut-off
    anna = feedback_results(episodes, START, END, RULES, {}).values[("Anna", "all")]
    assert (anna["flagged"], anna["signals-raised"], anna["signals-acted"]) == (1, 6, 3)
    assert anna["share:signals-acted"] == 0.5  # 3 of 6
    assert anna["signals-median-days"] == 3  # 1, 3 and 10
    assert math.isnan(feedback_results(episodes, START, END, RULES, {}).values[("Bo", "all")][
        "share:signals-acted"])  # none raised: no share


def test_dose_and_outcome_by_hand():
    episodes = _episodes()
    episodes["planned_sessions"] = [4, 3, 6, None, None, None, None, None]
    dose = dose_results(episodes, RULES, min_group=2)
    sessions = dose["sessions-band"]
    assert list(sessions.values.index) == ["1", "2-3", "4-6", "7-12", "13+"]
    anna = sessions.values["Anna"]
    # 2–3 sessions: episodes 2 (+4), 3 (−6) and 6 (+1); 4–6: episodes 1 (+8, recovered) and 4 (+7).
    # Episode 5 has a single score: no change to count.
    assert anna.loc["2-3", "n"] == 3 and anna.loc["2-3", "mean-change"] == pytest.approx(-1 / 3)
    assert anna.loc["2-3", "share:improved"] == 0
    assert (anna.loc["4-6", "n"], anna.loc["4-6", "mean-change"], anna.loc["4-6", "share:improved"]) == (2, 7.5, 1)
    assert sessions.values["Bo"].loc["2-3", "mean-change"] == 2  # +7 and −3
    assert sessions.hidden == {}  # every band holds 2 or more, or nobody (which discloses no one)
    # With a minimum of 3, Anna's 4–6 (2) is too few, and her 2–3 is hidden with it: her total
    # minus 2–3 would give 4–6 back. Bo's 2–3 (2) is too few itself.
    assert dose_results(episodes, RULES, min_group=3)["sessions-band"].hidden == {
        ("4-6", "Anna"): "few", ("2-3", "Anna"): "complement", ("2-3", "Bo"): "few"}
    # Planned against delivered, closed episodes only: 1 as planned (4 of 4, +8), 3 fewer (2 of 6,
    # −6), 6 without a plan (+1); episode 2 is open.
    plan = dose_results(episodes, RULES, min_group=1)["plan-band"].values["Anna"]
    assert plan["n"].to_dict() == {"fewer": 1, "as-planned": 1, "more": 0, "not-planned": 1}
    assert plan["mean-change"].dropna().to_dict() == {"fewer": -6, "as-planned": 8, "not-planned": 1}


def _closed_in(month: int, clients: int, gender: str, first: int) -> list[tuple]:
    return [(first + n, f"m{first + n}", "North", gender, "adult", date(2026, month, 2),
             date(2026, month, 20), "planned", 2, 2, 20.0, 22.0, 0.0, 0, 0) for n in range(clients)]


def test_a_quarter_minus_two_of_its_months_gives_no_hidden_month_away():
    # North: 6 women closed in January, 2 in February, 6 in March; South: 8 women all quarter.
    rows = (_closed_in(1, 6, "woman", 0) + _closed_in(2, 2, "woman", 10) + _closed_in(3, 6, "woman", 20)
            + [(30 + n, f"s{n}", "South", "woman", "adult", date(2026, 1, 2), None, None, 2, 2,
                20.0, 22.0, 0.0, 0, 0) for n in range(8)])
    frame = pd.DataFrame(rows, columns=[c for c in EPISODE_COLUMNS if c not in ("unit_id", "planned_sessions")])
    pattern = feedback_pattern(frame, 2026, 5)
    assert pattern[("2026-02", "North", "all")] == FEW
    for group in ("North", "South", WHOLE):
        for gender in ("all", "woman", "man"):
            months = [(f"2026-{m:02d}", group, gender) in pattern for m in (1, 2, 3)]
            quarter = ("2026-Q1", group, gender) in pattern
            # The quarter's closed episodes minus two shown months would give the third (each
            # period's pattern alone shows January, March and the quarter: 6, 6 and 14 clients).
            assert not (sum(months) == 1 and not quarter), (group, gender, months)
