"""Expected outcome trajectories built from a service's own closed episodes. Pure functions.

For a client with intake score *x*, the closed episodes whose intake lay within ``window`` points
of *x* are taken, when there are at least ``min_episodes`` of them. At each session number the
expected score is their mean and the lower boundary their 25th percentile (a quarter of similar
clients scored lower); a session number is shown while at least ``min_points`` episodes reached it.
"""
from __future__ import annotations

import statistics
from dataclasses import dataclass
from typing import Sequence


@dataclass(frozen=True)
class TrajectoryPoint:
    session: int
    expected: float
    lower: float
    episodes: int


def expected_trajectory(intake: float, histories: Sequence[Sequence[float]], window: float = 5.0,
                        min_episodes: int = 20, min_points: int = 5) -> list[TrajectoryPoint] | None:
    """Points per session number, or ``None`` when too few similar episodes exist.

    ``histories`` holds, per closed episode, its outcome totals in session order.
    """
    similar = [h for h in histories if h and abs(h[0] - intake) <= window]
    if len(similar) < min_episodes:
        return None
    points = []
    for index in range(max(len(h) for h in similar)):
        values = [h[index] for h in similar if len(h) > index]
        if len(values) < min_points:
            break
        lower = statistics.quantiles(values, n=4, method="inclusive")[0]
        points.append(TrajectoryPoint(index + 1, round(statistics.fmean(values), 1),
                                      round(lower, 1), len(values)))
    return points
