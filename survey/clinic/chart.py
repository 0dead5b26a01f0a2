"""Geometry of the client's charts (drawn as inline SVG: no script, readable on an iPad).

The score axis comes from the instrument (``ScoreScale``: its items and each item's range), so a
questionnaire file with other items draws to its own scale. Labels are placed so that none
overlaps another: the threshold's in the right margin, the scores' thinned where points crowd.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from survey.domain.scoring import ScoreScale
from survey.services.feedback import EpisodeFeedback

WIDTH, HEIGHT = 800, 360
LEFT, RIGHT, TOP, BOTTOM = 72, 110, 30, 60  # the right margin holds the threshold's label
INSET = 24  # the first and last session drawn this far inside the plot, clear of the axis labels
MIN_LABEL_GAP = 48  # score labels at least this far apart (a label is about 36 wide)
FOCUS_MARGIN = 0.1  # a focused axis starts this share of the scale under the lowest value


@dataclass
class Chart:
    """Everything a template needs to draw one chart, in SVG user units."""

    sessions: int
    scale: ScoreScale
    low: float  # the axis' lowest total: the scale's, or higher on a focused axis
    x_ticks: list[tuple[float, int]] = field(default_factory=list)
    y_ticks: list[tuple[float, int | float]] = field(default_factory=list)
    line: list[tuple[float, float, float]] = field(default_factory=list)  # x, y, score
    labels: list[tuple[float, float, float]] = field(default_factory=list)  # the scores labelled
    threshold_y: float | None = None
    band: tuple[float, float] | None = None  # top and bottom y of ± reliable change
    expected: str = ""
    lower: str = ""

    width, height, left, top = WIDTH, HEIGHT, LEFT, TOP
    plot_right = WIDTH - RIGHT
    plot_bottom = HEIGHT - BOTTOM

    @property
    def points(self) -> str:
        return " ".join(f"{x:.1f},{y:.1f}" for x, y, _ in self.line)

    @property
    def focused(self) -> bool:
        return self.low > self.scale.total_min

    def y(self, score: float) -> float:
        low, high = self.low, self.scale.total_max
        return TOP + (HEIGHT - TOP - BOTTOM) * (1 - (max(low, min(high, score)) - low) / ((high - low) or 1))


def _x(number: int, sessions: int) -> float:
    span = WIDTH - LEFT - RIGHT - 2 * INSET
    return LEFT + INSET + (span / 2 if sessions <= 1 else (number - 1) * span / (sessions - 1))


def _focused_low(scale: ScoreScale, values: list[float]) -> float:
    """Where an axis focused on ``values`` starts: under the lowest, on a tick of the full scale's
    half step (30 for alliance scores from 35 on 0–40), never under the scale's lowest total."""
    full = scale.ticks()
    if not values or len(full) < 2:
        return scale.total_min
    step = (full[1] - full[0]) / 2
    wanted = min(values) - FOCUS_MARGIN * (scale.total_max - scale.total_min)
    return max(scale.total_min, math.floor(wanted / step) * step)


def _frame(sessions: int, scale: ScoreScale, low: float | None = None) -> Chart:
    chart = Chart(sessions=sessions, scale=scale, low=scale.total_min if low is None else low)
    step = max(1, sessions // 12)
    chart.x_ticks = [(_x(n, sessions), n) for n in range(1, sessions + 1, step)]
    chart.y_ticks = [(chart.y(v), v) for v in scale.ticks(chart.low)]
    return chart


def _labelled(line: list[tuple[float, float, float]]) -> list[tuple[float, float, float]]:
    """Every k-th score and the latest, k so that labels stay ``MIN_LABEL_GAP`` apart."""
    if len(line) < 2:
        return list(line)
    every = math.ceil(MIN_LABEL_GAP / (line[1][0] - line[0][0]))
    chosen = [p for n, p in enumerate(line) if n % every == 0 and len(line) - 1 - n >= every]
    return chosen + [line[-1]]


def outcome_chart(feedback: EpisodeFeedback, cutoff: float) -> Chart:
    """The outcome totals per session, on the outcome instrument's scale."""
    scored = [s for s in feedback.sessions if s.outcome is not None]
    last = max([s.number for s in feedback.sessions] + [p.session for p in feedback.expected or []] + [1])
    chart = _frame(last, feedback.outcome_scale)
    _y = chart.y
    chart.line = [(_x(s.number, last), _y(s.outcome), s.outcome) for s in scored]
    chart.labels = _labelled(chart.line)
    chart.threshold_y = _y(cutoff)
    if feedback.intake is not None:
        change = feedback.outcome.reliable_change
        chart.band = (_y(feedback.intake + change), _y(feedback.intake - change))
    if feedback.expected:
        chart.expected = " ".join(f"{_x(p.session, last):.1f},{_y(p.expected):.1f}" for p in feedback.expected)
        chart.lower = " ".join(f"{_x(p.session, last):.1f},{_y(p.lower):.1f}" for p in feedback.expected)
    return chart


def alliance_chart(feedback: EpisodeFeedback) -> Chart:
    """The alliance totals per session, on an axis focused where the scores and threshold are."""
    rated = [s for s in feedback.sessions if s.alliance is not None]
    last = max([s.number for s in feedback.sessions] + [1])
    low = _focused_low(feedback.alliance_scale, [s.alliance for s in rated] + [feedback.alliance.total])
    chart = _frame(last, feedback.alliance_scale, low)
    chart.line = [(_x(s.number, last), chart.y(s.alliance), s.alliance) for s in rated]
    chart.labels = _labelled(chart.line)
    chart.threshold_y = chart.y(feedback.alliance.total)
    return chart
