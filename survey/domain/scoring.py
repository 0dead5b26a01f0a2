"""Scores of the session instruments: totals, change categories and signals. Pure functions.

Every threshold comes from the instrument's questionnaire file (``Thresholds``).
"""
from __future__ import annotations

import math
import statistics
from dataclasses import dataclass
from datetime import date
from typing import Iterable, Sequence

from survey.domain.instruments import Questionnaire, VisualAnalogueAnswer
from survey.domain.trajectory import TrajectoryPoint

NICE_STEPS = (1, 2, 5)  # axis ticks every 1, 2 or 5 times a power of ten,
MAX_Y_TICKS = 5  # the smallest such step with at most this many intervals


def plain(number: float) -> int | float:
    """40.0 as 40, 9.5 as 9.5: how a score is written on the page."""
    return int(number) if float(number).is_integer() else number


@dataclass(frozen=True)
class ScoreScale:
    """What an instrument's scores can be: each item's lowest and highest score, and their sums."""

    item_ranges: tuple[tuple[float, float], ...]

    @classmethod
    def of(cls, instrument: Questionnaire) -> ScoreScale:
        ranges = []
        for item in instrument.items:
            if isinstance(item.answer, VisualAnalogueAnswer):
                ranges.append((item.answer.MIN, item.answer.MAX))
            else:
                scores = [s for s in instrument.scale_of(item).scores.values() if s is not None]
                if not scores:
                    raise ValueError(f"{instrument.ref}: item {item.key} has no scores")
                ranges.append((min(scores), max(scores)))
        return cls(tuple(ranges))

    @property
    def items(self) -> int:
        return len(self.item_ranges)

    @property
    def item_min(self) -> float:
        return min(low for low, _ in self.item_ranges)

    @property
    def item_max(self) -> float:
        return max(high for _, high in self.item_ranges)

    @property
    def total_min(self) -> float:
        return sum(low for low, _ in self.item_ranges)

    @property
    def total_max(self) -> float:
        return sum(high for _, high in self.item_ranges)

    @property
    def item_text(self) -> str:
        """E.g. "0–10"."""
        return f"{plain(self.item_min)}–{plain(self.item_max)}"

    @property
    def total_text(self) -> str:
        """E.g. "0–40"."""
        return f"{plain(self.total_min)}–{plain(self.total_max)}"

    def ticks(self, low: float | None = None) -> list[int | float]:
        """Round totals on the axis from ``low`` (the lowest total when not given) to the highest:
        multiples of the smallest step of 1, 2 or 5 times a power of ten that leaves at most
        ``MAX_Y_TICKS`` intervals (0, 10 … 40 for four items of 0–10)."""
        low = self.total_min if low is None else low
        span = self.total_max - low
        if span <= 0:
            return [plain(low)]
        magnitude = 10.0 ** math.floor(math.log10(span / MAX_Y_TICKS))
        step = next(m * s for m in (magnitude, 10 * magnitude) for s in NICE_STEPS
                    if span / (m * s) <= MAX_Y_TICKS)
        first = math.ceil(low / step - 1e-9) * step
        count = int((self.total_max - first) / step + 1e-9)
        return [plain(round(first + n * step, 6)) for n in range(count + 1)]


def total(item_values: Iterable[float | None]) -> float | None:
    """Sum of the item scores, one decimal; ``None`` unless every item was answered."""
    values = list(item_values)
    if not values or any(v is None for v in values):
        return None
    return round(sum(values), 1)


@dataclass(frozen=True)
class OutcomeRules:
    cutoff: float
    reliable_change: float

    @classmethod
    def of(cls, instrument: Questionnaire, band: str) -> OutcomeRules:
        cutoffs = instrument.thresholds.cutoff or {}
        if band not in cutoffs or instrument.thresholds.reliable_change is None:
            raise ValueError(f"{instrument.ref} has no cut-off or reliable change for {band}")
        return cls(cutoffs[band], instrument.thresholds.reliable_change)


@dataclass(frozen=True)
class AllianceRules:
    total: float
    item: float

    @classmethod
    def of(cls, instrument: Questionnaire) -> AllianceRules:
        t = instrument.thresholds
        if t.alliance_total is None or t.alliance_item is None:
            raise ValueError(f"{instrument.ref} has no alliance thresholds")
        return cls(t.alliance_total, t.alliance_item)


@dataclass(frozen=True)
class SessionScores:
    """One session's totals (and alliance items, when given item by item)."""

    number: int
    held_on: date
    outcome: float | None = None
    alliance: float | None = None
    alliance_items: tuple[float, ...] = ()
    session_id: int | None = None


@dataclass(frozen=True)
class Signal:
    """What asks for a talk: its code, the session that raised it, the figures behind it (by
    code: ``alliance-low`` score and threshold, ``alliance-item-low`` threshold and lowest item,
    ``alliance-drop`` and ``outcome-worse`` the earlier and the latest score, ``no-improvement``
    the session, ``off-track`` score and expected lower bound) for the web layer to word."""

    code: str
    session: int
    figures: tuple[float, ...] = ()
    limit: float | None = None  # the threshold it was judged against, where there is one


def change_category(intake: float, last: float, rules: OutcomeRules) -> str:
    """recovered, improved, no-change or deteriorated (recovered is also reliably improved)."""
    change = last - intake
    if change >= rules.reliable_change:
        return "recovered" if intake < rules.cutoff <= last else "improved"
    if change <= -rules.reliable_change:
        return "deteriorated"
    return "no-change"


@dataclass(frozen=True)
class EpisodeResult:
    """An episode's change from its first to its latest outcome score, and the rules it used."""

    intake: float
    last: float
    category: str
    rules: OutcomeRules

    @property
    def change(self) -> float:
        return round(self.last - self.intake, 1)


def episode_result(sessions: Sequence[SessionScores], rules: OutcomeRules) -> EpisodeResult | None:
    """The change category of an episode with at least two outcome scores."""
    scored = [s.outcome for s in sessions if s.outcome is not None]
    if len(scored) < 2:
        return None
    return EpisodeResult(scored[0], scored[-1], change_category(scored[0], scored[-1], rules), rules)


def validity_flags(scored: Sequence[float], rules: OutcomeRules) -> list[str]:
    """Why an episode's outcome totals (in session order) tell little: ``intake-above-cutoff``
    (started at or above the cut-off: little room to improve), ``saw-tooth`` (a swing up and a
    swing down in a row, each at least the reliable change) or ``single-rating`` (one score)."""
    flags = []
    if scored and scored[0] >= rules.cutoff:
        flags.append("intake-above-cutoff")
    steps = [b - a for a, b in zip(scored, scored[1:])]
    if any(abs(a) >= rules.reliable_change and abs(b) >= rules.reliable_change and a * b < 0
           for a, b in zip(steps, steps[1:])):
        flags.append("saw-tooth")
    if len(scored) == 1:
        flags.append("single-rating")
    return flags


def effect_size(intakes: Sequence[float], lasts: Sequence[float]) -> float | None:
    """Pre–post effect size: mean change ÷ standard deviation of the intake scores."""
    if len(intakes) != len(lasts) or len(intakes) < 2:
        return None
    spread = statistics.stdev(intakes)
    if spread == 0:
        return None
    return statistics.fmean(b - a for a, b in zip(intakes, lasts)) / spread


def signals(sessions: Sequence[SessionScores], outcome: OutcomeRules, alliance: AllianceRules,
            no_improvement_by: int, expected: Sequence[TrajectoryPoint] | None = None) -> list[Signal]:
    """What asks for a talk now, judged on the latest scores of an episode."""
    found: list[Signal] = []
    rated = [s for s in sessions if s.alliance is not None]
    if rated:
        latest = rated[-1]
        if latest.alliance < alliance.total:
            found.append(Signal("alliance-low", latest.number,
                                (latest.alliance, alliance.total),
                                alliance.total))
        low_items = [v for v in latest.alliance_items if v < alliance.item]
        if low_items:
            found.append(Signal("alliance-item-low", latest.number,
                                (alliance.item, min(low_items)),
                                alliance.item))
        if len(rated) > 1 and latest.alliance < rated[-2].alliance:
            found.append(Signal("alliance-drop", latest.number,
                                (rated[-2].alliance, latest.alliance)))
    scored = [s for s in sessions if s.outcome is not None]
    if len(scored) > 1:
        intake, latest = scored[0], scored[-1]
        change = latest.outcome - intake.outcome
        if change <= -outcome.reliable_change:
            found.append(Signal("outcome-worse", latest.number,
                                (intake.outcome, latest.outcome)))
        elif latest.number >= no_improvement_by and change < outcome.reliable_change:
            found.append(Signal("no-improvement", latest.number,
                                (latest.number,)))
        boundary = {p.session: p.lower for p in expected or ()}.get(latest.number)
        if boundary is not None and latest.outcome < boundary:
            found.append(Signal("off-track", latest.number,
                                (latest.outcome, boundary), boundary))
    return found


def signal_history(sessions: Sequence[SessionScores], outcome: OutcomeRules,
                   alliance: AllianceRules, no_improvement_by: int,
                   expected: Sequence[TrajectoryPoint] | None = None) -> list[Signal]:
    """Every signal the episode raised, session by session (each judged on the scores up to it)."""
    found: dict[tuple[str, int], Signal] = {}
    for end in range(1, len(sessions) + 1):
        for signal in signals(sessions[:end], outcome, alliance, no_improvement_by, expected):
            found.setdefault((signal.code, signal.session), signal)
    return sorted(found.values(), key=lambda s: (s.session, s.code))
