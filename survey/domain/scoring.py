"""Scores of the session instruments: totals, change categories and signals. Pure functions.

Every threshold comes from the instrument's questionnaire file (``Thresholds``).
"""
from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date
from typing import Iterable, Sequence

from survey.domain.instruments import Questionnaire
from survey.domain.trajectory import TrajectoryPoint


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
    code: str
    session: int
    detail: str
    limit: float | None = None  # the threshold it was judged against, where there is one


def change_category(intake: float, last: float, rules: OutcomeRules) -> str:
    """recovered, improved, no-change or deteriorated (recovered is also reliably improved)."""
    change = last - intake
    if change >= rules.reliable_change:
        return "recovered" if intake < rules.cutoff <= last else "improved"
    if change <= -rules.reliable_change:
        return "deteriorated"
    return "no-change"


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
                                f"samarbete {latest.alliance:g} under {alliance.total:g}",
                                alliance.total))
        low_items = [v for v in latest.alliance_items if v < alliance.item]
        if low_items:
            found.append(Signal("alliance-item-low", latest.number,
                                f"en fråga om samarbetet under {alliance.item:g} ({min(low_items):g})",
                                alliance.item))
        if len(rated) > 1 and latest.alliance < rated[-2].alliance:
            found.append(Signal("alliance-drop", latest.number,
                                f"samarbete {rated[-2].alliance:g} → {latest.alliance:g}"))
    scored = [s for s in sessions if s.outcome is not None]
    if len(scored) > 1:
        intake, latest = scored[0], scored[-1]
        change = latest.outcome - intake.outcome
        if change <= -outcome.reliable_change:
            found.append(Signal("outcome-worse", latest.number,
                                f"mående {intake.outcome:g} → {latest.outcome:g}"))
        elif latest.number >= no_improvement_by and change < outcome.reliable_change:
            found.append(Signal("no-improvement", latest.number,
                                f"ingen säker förbättring vid session {latest.number}"))
        boundary = {p.session: p.lower for p in expected or ()}.get(latest.number)
        if boundary is not None and latest.outcome < boundary:
            found.append(Signal("off-track", latest.number,
                                f"mående {latest.outcome:g} under förväntat ({boundary:g})", boundary))
    return found
