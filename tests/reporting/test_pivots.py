"""Pivot tables on small hand-made counts: totals, percentages, and the disclosure rule within a
table, across units and across the periods of a year."""
from __future__ import annotations

import pandas as pd

from survey.domain.disclosure import COMPLEMENT, FEW
from survey.reporting.pivots import (
    ALL,
    TOTAL,
    Axes,
    linked_pattern,
    ordered,
    pivot_pattern,
    shown_table,
    tables_of,
)


def _counts(*rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["unit_id", "month", "row", "column", "n"])


def _table(counts: pd.DataFrame, rows, columns) -> pd.DataFrame:
    return tables_of(counts, {"2024": None}, [], rows, columns)[("2024", ALL)]


def _recoverable(shown: pd.DataFrame, exact: pd.DataFrame, min_group: int) -> list:
    """What an attacker gets from one shown table: a hidden cell alone in a row or column
    whose total is shown, or hidden cells of a line adding up to a small group."""
    found = []
    lines = [[(r, c) for c in shown.columns] for r in shown.index]
    lines += [[(r, c) for r in shown.index] for c in shown.columns]
    for line in lines:
        whole, parts = line[-1], line[:-1]
        hidden = [cell for cell in parts if isinstance(shown.loc[cell], str)]
        if isinstance(shown.loc[whole], str) or not hidden:
            continue
        if len(hidden) == 1 or 0 < sum(int(exact.loc[c]) for c in hidden) < min_group:
            found.append(hidden)
    return found


def test_a_table_has_its_totals_and_each_value_even_when_nobody_has_it():
    table = _table(_counts((1, "2024-01", "woman", "0-5", 3), (1, "2024-02", "woman", "0-5", 2),
                           (1, "2024-01", "man", "6-12", 4)),
                   ["woman", "man", "not-stated"], ["0-5", "6-12", "not-stated"])
    assert table.loc["woman", "0-5"] == 5 and table.loc["man", "6-12"] == 4
    assert table.loc["not-stated"].tolist() == [0, 0, 0, 0]
    assert table.loc["woman", TOTAL] == 5 and table.loc[TOTAL, "6-12"] == 4
    assert table.loc[TOTAL, TOTAL] == 9


def test_row_column_and_total_percentages_of_a_table_seen_exactly():
    table = _table(_counts((1, "2024-01", "yes", "woman", 6), (1, "2024-01", "no", "woman", 2),
                           (1, "2024-01", "yes", "man", 1), (1, "2024-01", "no", "man", 1)),
                   ["yes", "no"], ["woman", "man"])
    shown = shown_table(table, {}, ("2024", ALL), ("row", "column", "total"))
    assert shown.counts.loc["yes", "man"] == 1  # exact: nothing hidden
    assert shown.percentages["row"].loc["yes", "woman"] == round(100 * 6 / 7, 1)
    assert shown.percentages["column"].loc["no", "woman"] == 25.0
    assert shown.percentages["total"].loc["yes", "woman"] == 60.0
    assert shown.percentages["row"].loc[TOTAL, TOTAL] == 100.0


def test_small_cells_and_their_give_aways_are_hidden_and_nothing_follows_from_the_totals():
    counts = _counts((1, "2024-01", "woman", "0-5", 2), (1, "2024-01", "woman", "6-12", 9),
                     (1, "2024-01", "woman", "13-17", 7), (1, "2024-01", "man", "0-5", 8),
                     (1, "2024-01", "man", "6-12", 6), (1, "2024-01", "man", "13-17", 12))
    rows, columns = ["woman", "man"], ["0-5", "6-12", "13-17"]
    tables = tables_of(counts, {"2024": None}, [], rows, columns)
    pattern = pivot_pattern(tables, [], [], 5)
    shown = shown_table(tables[("2024", ALL)], pattern, ("2024", ALL), ("row",))
    assert shown.counts.loc["woman", "0-5"] == FEW
    # The woman row and the 0-5 column each lose one more cell, and the chain closes on man 6-12.
    assert shown.counts.loc["woman", "13-17"] == COMPLEMENT
    assert shown.counts.loc["man", "0-5"] == COMPLEMENT
    assert shown.counts.loc["man", "13-17"] == COMPLEMENT
    assert shown.counts.loc[TOTAL, TOTAL] == 44
    assert _recoverable(shown.counts, tables[("2024", ALL)], 5) == []
    assert shown.percentages["row"].loc["woman", "0-5"] == FEW  # its share would give it away
    assert shown.percentages["row"].loc["woman", "6-12"] == 50.0


def test_the_organisation_is_the_sum_of_its_units_so_a_unit_hides_for_another():
    # Unit 1 has 3 women aged 0-5; the organisation's 0-5 women must not give unit 2's away.
    counts = _counts((1, "2024-01", "woman", "0-5", 3), (1, "2024-01", "man", "0-5", 9),
                     (1, "2024-01", "woman", "6-12", 9), (1, "2024-01", "man", "6-12", 9),
                     (2, "2024-01", "woman", "0-5", 20), (2, "2024-01", "man", "0-5", 20),
                     (2, "2024-01", "woman", "6-12", 20), (2, "2024-01", "man", "6-12", 20))
    rows, columns = ["woman", "man"], ["0-5", "6-12"]
    tables = tables_of(counts, {"2024": None}, [1, 2], rows, columns)
    pattern = pivot_pattern(tables, [1, 2], [], 5)
    assert pattern[("2024", 1, "woman", "0-5")] == FEW
    assert pattern[("2024", 2, "woman", "0-5")] == COMPLEMENT  # else: organisation minus unit 2
    organisation = shown_table(tables[("2024", ALL)], pattern, ("2024", ALL)).counts
    assert organisation.loc["woman", "0-5"] == 23  # two hidden parts: neither follows from it
    assert pivot_pattern(tables, [1, 2], [], 5, exact=True) == {}


def test_a_year_is_the_sum_of_its_months_so_one_small_month_hides_another():
    counts = _counts((1, "2024-01", "woman", "yes", 2), (1, "2024-02", "woman", "yes", 10),
                     (1, "2024-03", "woman", "yes", 8), (1, "2024-01", "woman", "no", 10),
                     (1, "2024-02", "woman", "no", 10), (1, "2024-03", "woman", "no", 10))
    periods = {"2024-Q1": ["2024-01", "2024-02", "2024-03"], "2024-01": ["2024-01"],
               "2024-02": ["2024-02"], "2024-03": ["2024-03"]}
    tables = tables_of(counts, periods, [], ["woman"], ["yes", "no"])
    sums = [("2024-Q1", ["2024-01", "2024-02", "2024-03"])]
    pattern = pivot_pattern(tables, [], sums, 5)
    assert pattern[("2024-01", ALL, "woman", "yes")] == FEW
    # The quarter stays shown; so that it minus the other months gives nothing, at least one
    # other month is hidden too (here both: the chain through the "no" column reaches February).
    assert ("2024-Q1", ALL, "woman", "yes") not in pattern
    for cell in [("woman", "yes"), ("woman", "no"), (TOTAL, "yes"), (TOTAL, "no")]:
        months = [m for m in ("2024-01", "2024-02", "2024-03") if (m, ALL, *cell) in pattern]
        assert len(months) != 1, cell
    assert ("2024-03", ALL, "woman", "yes") in pattern


def test_the_codes_of_a_dimension_keep_their_order_and_not_stated_last():
    assert ordered(["a", "b", "not-stated"], ["b", "old", "not-stated"], "not-stated") == [
        "a", "b", "old", "not-stated"]


def test_a_unit_the_viewer_sees_exactly_cannot_hide_another():
    # The viewer sees unit 2 exactly on its own page: organisation minus unit 2 is unit 1, so
    # unit 1's small cell hides the organisation's cell too (as few: beyond her own unit it
    # holds 3), not unit 2's, which she is shown.
    counts = _counts((1, "2024-01", "woman", "yes", 3), (1, "2024-01", "woman", "no", 9),
                     (2, "2024-01", "woman", "yes", 20), (2, "2024-01", "woman", "no", 20))
    tables = tables_of(counts, {"2024": None}, [1, 2], ["woman"], ["yes", "no"])
    pattern = pivot_pattern(tables, [1, 2], [], 5, known=[2])
    assert pattern[("2024", 1, "woman", "yes")] == FEW
    assert pattern[("2024", ALL, "woman", "yes")] == FEW
    assert not any(key[1] == 2 for key in pattern)
    assert pivot_pattern(tables, [1, 2], [], 5)[("2024", 2, "woman", "yes")] == COMPLEMENT


def test_a_figure_of_the_organisation_made_of_her_own_records_alone_is_shown():
    # Unit 2 is hers: the organisation's three women saying yes are all in it.
    counts = _counts((1, "2024-01", "woman", "no", 9), (2, "2024-01", "woman", "yes", 3),
                     (2, "2024-01", "woman", "no", 6))
    tables = tables_of(counts, {"2024": None}, [1, 2], ["woman"], ["yes", "no"])
    assert ("2024", ALL, "woman", "yes") not in pivot_pattern(tables, [1, 2], [], 5, known=[2])
    assert pivot_pattern(tables, [1, 2], [], 5)[("2024", ALL, "woman", "yes")] == FEW


def test_linked_margins_are_hidden_or_shown_alike_in_every_pivot():
    # Unit 1: 13 women, 6 men, shown in the table of gender alone. Beside "bridged" the six men
    # all said yes, hidden beside the three women who did: alone, the table would hide the
    # men's total too, which every other pivot of gender shows (6 men minus 0 gives the 6 away,
    # then the 3). Linked, the total stays shown and the men's empty "no" hides instead, and
    # with it a woman's "no" (else 10 minus 10 would give that empty cell away).
    counts = _counts((1, "2024-01", "woman", "yes", 3), (1, "2024-01", "woman", "no", 10),
                     (1, "2024-01", "man", "yes", 6))
    tables = tables_of(counts, {"2024": None}, [1], ["woman", "man"], ["yes", "no"])
    alone = pivot_pattern(tables, [1], [], 5)
    linked = linked_pattern(tables, [1], [], 5, axes=Axes("gender", "variable:bridged"))
    assert ("2024", 1, "man", TOTAL) in alone
    assert ("2024", 1, "man", TOTAL) not in linked and ("2024", 1, "woman", TOTAL) not in linked
    assert {k[2:] for k in linked if k[1] == 1} == {("woman", "yes"), ("man", "yes"), ("man", "no"),
                                                     ("woman", "no")}
