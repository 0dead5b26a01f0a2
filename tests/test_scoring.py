"""Session scores, worked out by hand."""
from __future__ import annotations

from datetime import date

import pandas as pd

from survey.config import PROJECT_ROOT
from survey.instruments import load_catalogue
from survey.scoring import alliance_flags, below_cutoff, session_totals, total

CATALOGUE = load_catalogue(PROJECT_ROOT / "questionnaires")


def test_total_needs_every_item():
    assert total([6.1, 7.0, 5.5, 8.4]) == 27.0  # 6.1 + 7.0 + 5.5 + 8.4 = 27.0
    assert total([6.1, None, 5.5, 8.4]) is None
    assert total([]) is None


def test_cutoff_per_age_band():
    outcome = CATALOGUE.get("outcome-adult")
    assert below_cutoff(24.9, outcome, "adult")  # adult cut-off 25
    assert not below_cutoff(25.0, outcome, "adult")
    assert below_cutoff(27.9, outcome, "youth")  # youth cut-off 28
    assert below_cutoff(31.9, CATALOGUE.get("outcome-child"), "child")  # child cut-off 32


def test_alliance_flags():
    alliance = CATALOGUE.get("alliance-adult")
    keys = [item.key for item in alliance.items]
    assert alliance_flags(dict(zip(keys, [9.5, 9.5, 9.0, 9.2])), alliance) == []  # 37.2 ≥ 36
    # 8.9 + 9 + 9 + 9 = 35.9 < 36, and 8.9 < 9
    assert alliance_flags(dict(zip(keys, [8.9, 9.0, 9.0, 9.0])), alliance) == [
        "total-below-threshold", "item-below-threshold"]
    # 10 + 10 + 10 + 8.5 = 38.5 ≥ 36, but one item under 9
    assert alliance_flags(dict(zip(keys, [10, 10, 10, 8.5])), alliance) == ["item-below-threshold"]


def test_session_totals_by_instrument_kind():
    rows = []
    for session_id, number, values, kind in [
        (1, 1, [5.0, 4.0, 6.0, 5.5], "outcome-adult"),   # 20.5
        (1, 1, [9.0, 9.5, 9.0, 10.0], "alliance-adult"),  # 37.5
        (2, 2, [6.0, 6.0, 7.0, 7.5], "outcome-adult"),   # 26.5
        (2, 2, [9.0, None, 9.0, 9.0], "alliance-adult"),  # incomplete: no total
    ]:
        for index, value in enumerate(values):
            rows.append({"session_id": session_id, "number": number, "held_on": date(2026, 3, number),
                         "questionnaire_id": kind, "value": value, "item_key": f"i{index}"})
    totals = session_totals(pd.DataFrame(rows), {"outcome-adult": "outcome", "alliance-adult": "alliance"})
    assert totals[["number", "outcome"]].values.tolist() == [[1, 20.5], [2, 26.5]]
    assert totals["alliance"].iloc[0] == 37.5
    assert pd.isna(totals["alliance"].iloc[1])
