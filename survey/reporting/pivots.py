"""Pivot tables from counts (pandas, no database): a table of two dimensions with its totals,
row, column and total percentages, and the disclosure rule over every table a viewer can obtain
of one release: each unit and the organisation, each period and the periods it sums up.

Counts come as rows of unit, month of intake, row value, column value and n
(``queries.pivots.COUNT_COLUMNS``). A hidden cell holds why (``FEW`` or ``COMPLEMENT``); a
percentage is hidden when its cell or its total is.
"""
from __future__ import annotations

from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from survey.domain.disclosure import hiding_pattern
from survey.domain.pivots import UNIT

TOTAL = "total"
ALL = "all"  # every unit of the scope together
Key = tuple[Hashable, Hashable]  # (period, unit or ALL)


def ordered(known: Sequence[str], seen: Iterable[str], last: str) -> list[str]:
    """The codes of a dimension: the known ones in order, then any others counted (an older
    version's), with ``last`` ("not stated") at the end."""
    extra = sorted({str(code) for code in seen} - set(known) - {last})
    return [*(c for c in known if c != last), *extra, last]


def _framed(inner: np.ndarray, rows: Sequence[str], columns: Sequence[str]) -> pd.DataFrame:
    """Counts (rows × columns) with a total row and column."""
    table = np.zeros((len(rows) + 1, len(columns) + 1), dtype=np.int64)
    table[:-1, :-1] = inner
    table[:-1, -1] = inner.sum(axis=1)
    table[-1] = table[:-1].sum(axis=0)
    return pd.DataFrame(table, index=[*rows, TOTAL], columns=[*columns, TOTAL])


def _cube(counts: pd.DataFrame, months: Sequence[str], units: Sequence[Hashable],
          rows: Sequence[str], columns: Sequence[str]) -> np.ndarray:
    """The counts as an array: month × unit × row × column."""
    cube = np.zeros((len(months), len(units), len(rows), len(columns)), dtype=np.int64)
    if not counts.empty:
        at = [pd.Index(labels).get_indexer(counts[name]) for labels, name in
              ((months, "month"), (units, "unit_id"), (rows, "row"), (columns, "column"))]
        np.add.at(cube, tuple(at), counts["n"].to_numpy(dtype=np.int64))
    return cube


def tables_of(counts: pd.DataFrame, periods: Mapping[Hashable, Sequence[str] | None],
              units: Sequence[Hashable], rows: Sequence[str],
              columns: Sequence[str]) -> dict[Key, pd.DataFrame]:
    """A table per period (its months; None: every month counted) and per unit and the whole
    scope (``ALL``)."""
    months = sorted(set(counts["month"]))
    every_unit = list(dict.fromkeys([*units, *counts["unit_id"]]))
    cube = _cube(counts, months, every_unit, rows, columns)
    found = {}
    for period, chosen in periods.items():
        taken = cube if chosen is None else cube[[i for i, m in enumerate(months) if m in set(chosen)]]
        per_unit = taken.sum(axis=0)
        found[(period, ALL)] = _framed(per_unit.sum(axis=0), rows, columns)
        for unit in units:
            found[(period, unit)] = _framed(per_unit[every_unit.index(unit)], rows, columns)
    return found


def pivot_pattern(tables: Mapping[Key, pd.DataFrame], units: Sequence[Hashable],
                  period_sums: Iterable[tuple[Hashable, Sequence[Hashable]]], min_group: int,
                  exact: bool = False, known: Iterable[Hashable] = (), *,
                  given: Mapping[tuple, str] | None = None,
                  locked: Collection[tuple] = frozenset()) -> dict[tuple, str]:
    """The hidden cells of every table at once, keyed (period, unit, row, column): within each
    table its rows and columns sum to their totals, the scope is the sum of its units, and a
    period the sum of its parts (``period_sums``, e.g. a year of its quarters). ``known``: units
    whose figures the viewer sees exactly elsewhere (their own): shown here too, and a figure of
    the scope is judged by what it holds beyond them (the scope less those units is the sum of
    the others, among which a hidden figure needs another; one made of her own records alone
    is hers). ``given``, ``locked``: figures settled by the tables' margins (``linked_pattern``)."""
    if exact:
        return {}
    sizes: dict[tuple, int] = {}
    relations: list = []
    for (period, unit), table in tables.items():
        inner_rows = [r for r in table.index if r != TOTAL]
        inner_columns = [c for c in table.columns if c != TOTAL]
        values = table.to_numpy()
        for i, r in enumerate(table.index):
            for j, c in enumerate(table.columns):
                sizes[(period, unit, r, c)] = int(values[i, j])
        relations += [((period, unit, r, TOTAL), [(period, unit, r, c) for c in inner_columns])
                      for r in table.index if inner_columns]
        relations += [((period, unit, TOTAL, c), [(period, unit, r, c) for r in inner_rows])
                      for c in table.columns if inner_rows]
    periods = {period for period, _ in tables}
    cells = {(r, c) for table in tables.values() for r in table.index for c in table.columns}
    others = [unit for unit in units if unit not in set(known)]
    own = [unit for unit in units if unit in set(known)]
    if own:
        for key in [key for key in sizes if key[1] == ALL]:
            sizes[key] -= sum(sizes.get((key[0], unit, *key[2:]), 0) for unit in own)
        locked = {*locked, *(key for key in sizes if key[1] in own)}
    relations += [((period, ALL, r, c), [(period, unit, r, c) for unit in others])
                  for period in periods for r, c in cells if units]
    relations += [((whole, unit, r, c), [(part, unit, r, c) for part in parts])
                  for whole, parts in period_sums if whole in periods
                  for unit in (ALL, *units) for r, c in cells]
    return hiding_pattern(sizes, relations, min_group, given=given, locked=locked)


def _margins(tables: Mapping[Key, pd.DataFrame], axis: str) -> dict[Key, pd.DataFrame]:
    """Each table's totals of its rows (``"rows"``) or of its columns (turned to rows), and
    (``"total"``) its grand total alone: the figures of a dimension any pivot of it shows."""
    if axis == "rows":
        return {key: table.loc[:, [TOTAL]] for key, table in tables.items()}
    if axis == "columns":
        return {key: table.loc[[TOTAL], :].T for key, table in tables.items()}
    return {key: table.loc[[TOTAL], [TOTAL]] for key, table in tables.items()}


@dataclass(frozen=True)
class Axes:
    """A pivot's two dimensions, and whether each counts an episode once per chosen value."""

    rows: str
    columns: str
    rows_several: bool = False
    columns_several: bool = False


def _figure(key: tuple, axes: Axes) -> tuple | None:
    """What a cell counts, whichever pivot shows it: its period, unit (or ALL), conditions, and
    the dimensions of several values it sums over (a sum of values, not of episodes). A unit's
    row of the organisation's table is that unit's figure; None: a cell empty by construction
    (another unit's row in a unit's table)."""
    period, scope, row, column = key
    conditions, summed = [], []
    for dimension, code, several in ((axes.rows, row, axes.rows_several),
                                     (axes.columns, column, axes.columns_several)):
        if code == TOTAL:
            summed += [dimension] if several else []
        elif dimension == UNIT:
            if not str(code).isdigit() or scope not in (ALL, int(code)):
                return None
            scope = int(code)
        else:
            conditions.append((dimension, code))
    return period, scope, frozenset(conditions), frozenset(summed)


def linked_pattern(tables: Mapping[Key, pd.DataFrame], units: Sequence[Hashable],
                   period_sums: Iterable[tuple[Hashable, Sequence[Hashable]]], min_group: int,
                   known: Iterable[Hashable] = (), axes: Axes = Axes("", "")) -> dict[tuple, str]:
    """``pivot_pattern`` for a viewer under the rule, who can ask for any pivot. A figure is
    the same in every pivot that shows it (18 women beside the age groups and beside the
    referrals; a unit's row of the organisation's table and that unit's own total), so it is
    settled once, by the smallest table it belongs to: first the episodes of each unit and
    period, then each dimension's own table (the margins), then the cells. A figure hidden by
    one of them stays hidden here, one shown stays shown; else a total hidden here but shown
    beside another dimension would give this table's hidden cells away."""
    settle = {"units": units, "period_sums": list(period_sums), "min_group": min_group, "known": known}
    turned = lambda key: (key[0], key[1], TOTAL, key[2])  # noqa: E731 - a column margin's own key
    stages = [(_margins(tables, "total"), None), (_margins(tables, "rows"), None),
              (_margins(tables, "columns"), turned), (tables, None)]
    settled: dict[tuple, str | None] = {}
    pattern: dict[tuple, str] = {}
    for stage, original in stages:
        figures = {(*key, r, c): _figure((original or tuple)((*key, r, c)), axes)
                   for key, table in stage.items() for r in table.index for c in table.columns}
        given = {key: settled[f] for key, f in figures.items() if f in settled and settled[f]}
        locked = {key for key, f in figures.items() if f is None or (f in settled and not settled[f])}
        pattern = pivot_pattern(stage, **settle, given=given, locked=locked)
        for key, figure in figures.items():
            if figure is not None:
                settled.setdefault(figure, pattern.get(key))
    return pattern


@dataclass(frozen=True)
class PivotTable:
    """One table as shown: counts (an int, or why a cell is hidden) and the percentages asked
    for (a share from 0 to 100, None when its total is 0, or why it is hidden)."""

    counts: pd.DataFrame
    percentages: dict[str, pd.DataFrame]

    @property
    def hidden(self) -> bool:
        return any(isinstance(v, str) for v in self.counts.to_numpy().ravel())


def shown_table(table: pd.DataFrame, pattern: Mapping[tuple, str], key: Key,
                percentages: Sequence[str] = ()) -> PivotTable:
    """The table of ``key`` with the pattern's hidden cells replaced by their reason."""
    def reason(r, c):
        return pattern.get((*key, r, c))

    counts = pd.DataFrame([[reason(r, c) or int(table.loc[r, c]) for c in table.columns]
                           for r in table.index], index=table.index, columns=table.columns, dtype=object)
    return PivotTable(counts, {kind: _shares(table, kind, reason) for kind in percentages})


def _shares(table: pd.DataFrame, kind: str, reason) -> pd.DataFrame:
    """Each cell as a percentage of its row's total, its column's or the grand total."""
    def share(r, c):
        whole = {"row": (r, TOTAL), "column": (TOTAL, c), "total": (TOTAL, TOTAL)}[kind]
        hidden = reason(r, c) or reason(*whole)
        if hidden:
            return hidden
        total = int(table.loc[whole])
        return None if total == 0 else round(100 * int(table.loc[r, c]) / total, 1)

    return pd.DataFrame([[share(r, c) for c in table.columns] for r in table.index],
                        index=table.index, columns=table.columns, dtype=object)
