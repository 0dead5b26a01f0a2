"""Geometry of a pivot table's bar chart (inline SVG, no script): a group of horizontal bars
per row value, one bar per column value, as long as its count. A hidden cell draws no bar (the
table beside it says why), so the chart shows nothing the table hides."""
from __future__ import annotations

from dataclasses import dataclass, field

from survey.reporting.pivots import TOTAL, PivotTable

WIDTH, LEFT, RIGHT, TOP = 720, 180, 60, 10
BAR, GAP = 14, 10  # a bar's height, and the space between two rows' groups
COLOURS = ("#0b5d1e", "#7a5c00", "#8b0000", "#3d3d8f", "#5a2d82", "#005f73", "#6b4226")


@dataclass(frozen=True)
class Bar:
    y: float
    width: float
    value: int | str  # a count, or why it is hidden
    column: str
    colour: str


@dataclass
class BarChart:
    groups: list[tuple[float, str, list[Bar]]] = field(default_factory=list)  # (y, row, bars)
    height: float = 0
    width, left = WIDTH, LEFT
    plot_right = WIDTH - RIGHT


def bar_chart(table: PivotTable) -> BarChart:
    """The bars of every row and column value (totals left out)."""
    counts = table.counts
    rows = [r for r in counts.index if r != TOTAL]
    columns = [c for c in counts.columns if c != TOTAL]
    largest = max([v for r in rows for v in counts.loc[r, columns] if isinstance(v, int)] + [1])
    span = WIDTH - LEFT - RIGHT
    chart, y = BarChart(), TOP
    for row in rows:
        bars = []
        for index, column in enumerate(columns):
            value = counts.loc[row, column]
            width = span * value / largest if isinstance(value, int) else 0
            bars.append(Bar(y + index * BAR, width, value, column, COLOURS[index % len(COLOURS)]))
        chart.groups.append((y, row, bars))
        y += len(columns) * BAR + GAP
    chart.height = y + TOP
    return chart
