"""Follow-up results on worked examples: delivered help per intervention type, where clients who
stopped coming left, small cells hidden."""
from __future__ import annotations

from datetime import date

import pandas as pd

from survey.domain.disclosure import COMPLEMENT, FEW
from survey.reporting.followup import (
    delivery_by_type,
    hide_small_cells,
    left_after_session,
)


def test_a_lone_small_cell_takes_a_neighbour_and_a_total_with_it():
    table = pd.DataFrame({"woman": [6, 5], "man": [7, 2], "total": [13, 7]}, index=["self", "school"])
    shown = hide_small_cells(table, 5)
    # school/man (2) is small; its row then hides woman (5); that column hides self/woman (6),
    # whose row hides self/man (7). Totals stay: each row has two hidden cells.
    # Each hidden cell says why: too few, or hidden to protect another.
    assert shown.to_dict("index") == {
        "self": {"woman": COMPLEMENT, "man": COMPLEMENT, "total": 13},
        "school": {"woman": COMPLEMENT, "man": FEW, "total": 7}}


def test_delivery_per_type_and_where_clients_who_stopped_coming_left():
    episodes = pd.DataFrame([
        # type, opened, closed, reason, attended, missed, group, relatives
        ("counselling", date(2026, 1, 1), date(2026, 4, 1), "planned", 6, 1, 1, 0),
        ("counselling", date(2026, 1, 1), date(2026, 2, 1), "stopped-coming", 2, 3, 0, 1),
        ("counselling", date(2026, 1, 1), None, None, 1, 0, 0, 0),
        (None, date(2026, 1, 1), date(2026, 1, 20), "stopped-coming", 0, 2, 0, 0),
    ], columns=["intervention_type", "opened_on", "closed_on", "close_reason", "attended",
                "missed", "group", "relatives"])
    rows = delivery_by_type(episodes).set_index("intervention_type").to_dict("index")
    # Closed counselling: 90 and 31 days -> (90 + 31) / 2 / 30.4375 = 1.99 months.
    assert rows["counselling"] == {"episodes": 3, "closed": 2, "mean_months": 2.0,
                                   "mean_attended": 3.0, "mean_missed": 1.3, "mean_group": 0.3,
                                   "mean_relatives": 0.3, "stopped_coming": 1}
    assert rows["not-set"]["stopped_coming"] == 1
    assert left_after_session(episodes).to_dict("index") == {0: {"counselling": 0, "not-set": 1},
                                                             2: {"counselling": 1, "not-set": 0}}
