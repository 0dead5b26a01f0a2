"""Geometry of the client's charts (drawn as inline SVG: no script, readable on an iPad).

The score axis comes from the instrument (``ScoreScale``: its items and each item's range), so a
questionnaire file with other items draws to its own scale.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from survey.domain.scoring import ScoreScale
from survey.services.feedback import EpisodeFeedback

WIDTH, HEIGHT = 800, 340
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 30, 36


@dataclass
class Chart:
    """Everything a template needs to draw one chart, in SVG user units."""

    sessions: int
    scale: ScoreScale
    x_ticks: list[tuple[float, int]] = field(default_factory=list)
    y_ticks: list[tuple[float, int | float]] = field(default_factory=list)
    line: list[tuple[float, float, float]] = field(default_factory=list)  # x, y, score
    threshold_y: float | None = None
    band: tuple[float, float] | None = None  # top and bottom y of ± reliable change
    expected: str = ""
    lower: str = ""

    @property
    def points(self) -> str:
        return " ".join(f"{x:.1f},{y:.1f}" for x, y, _ in self.line)

    def y(self, score: float) -> float:
        low, high = self.scale.total_min, self.scale.total_max
        return TOP + (HEIGHT - TOP - BOTTOM) * (1 - (max(low, min(high, score)) - low) / ((high - low) or 1))


def _x(number: int, sessions: int) -> float:
    span = WIDTH - LEFT - RIGHT
    return LEFT + (span / 2 if sessions <= 1 else (number - 1) * span / (sessions - 1))


def _frame(sessions: int, scale: ScoreScale) -> Chart:
    chart = Chart(sessions=sessions, scale=scale)
    step = max(1, sessions // 12)
    chart.x_ticks = [(_x(n, sessions), n) for n in range(1, sessions + 1, step)]
    chart.y_ticks = [(chart.y(v), v) for v in scale.ticks()]
    return chart


def outcome_chart(feedback: EpisodeFeedback, cutoff: float) -> Chart:
    """The outcome totals per session, on the outcome instrument's scale."""
    scored = [s for s in feedback.sessions if s.outcome is not None]
    last = max([s.number for s in feedback.sessions] + [p.session for p in feedback.expected or []] + [1])
    chart = _frame(last, feedback.outcome_scale)
    _y = chart.y
    chart.line = [(_x(s.number, last), _y(s.outcome), s.outcome) for s in scored]
    chart.threshold_y = _y(cutoff)
    if feedback.intake is not None:
        change = feedback.outcome.reliable_change
        chart.band = (_y(feedback.intake + change), _y(feedback.intake - change))
    if feedback.expected:
        chart.expected = " ".join(f"{_x(p.session, last):.1f},{_y(p.expected):.1f}" for p in feedback.expected)
        chart.lower = " ".join(f"{_x(p.session, last):.1f},{_y(p.lower):.1f}" for p in feedback.expected)
    return chart


def alliance_chart(feedback: EpisodeFeedback) -> Chart:
    """The alliance totals per session, on the alliance instrument's scale."""
    rated = [s for s in feedback.sessions if s.alliance is not None]
    last = max([s.number for s in feedback.sessions] + [1])
    chart = _frame(last, feedback.alliance_scale)
    chart.line = [(_x(s.number, last), chart.y(s.alliance), s.alliance) for s in rated]
    chart.threshold_y = chart.y(feedback.alliance.total)
    return chart
