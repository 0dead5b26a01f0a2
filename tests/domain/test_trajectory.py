"""Expected trajectories from a service's own closed episodes, worked out by hand."""
from __future__ import annotations

from survey.domain.trajectory import TrajectoryPoint, expected_trajectory


def test_too_few_similar_episodes_give_no_trajectory():
    histories = [[15.0, 18.0]] * 19 + [[30.0, 31.0]] * 10  # 19 within ±5 of 14, 10 far away
    assert expected_trajectory(14.0, histories, window=5, min_episodes=20) is None


def test_mean_and_lower_quartile_per_session():
    histories = [
        [10.0, 12.0, 14.0],
        [12.0, 16.0, 20.0],
        [14.0, 14.0],
        [16.0, 20.0, 22.0],
        [9.0, 10.0],
        [30.0, 35.0, 36.0],  # intake 30 is more than 5 from 12: not similar
    ]
    points = expected_trajectory(12.0, histories, window=5, min_episodes=5, min_points=3)
    # Session 1: 10, 12, 14, 16, 9 → mean 61/5 = 12.2; quartiles (inclusive) of 9,10,12,14,16:
    #   position 0.25 × 4 = 1 → 10.0
    # Session 2: 12, 16, 14, 20, 10 → mean 72/5 = 14.4; sorted 10,12,14,16,20 → Q1 = 12.0
    # Session 3: 14, 20, 22 → mean 56/3 = 18.67 → 18.7; sorted 14,20,22 → 0.25 × 2 = 0.5 → 17.0
    assert points == [
        TrajectoryPoint(1, 12.2, 10.0, 5),
        TrajectoryPoint(2, 14.4, 12.0, 5),
        TrajectoryPoint(3, 18.7, 17.0, 3),
    ]


def test_points_stop_when_too_few_episodes_reach_a_session():
    histories = [[10.0, 12.0]] * 4 + [[11.0, 13.0, 15.0]]
    points = expected_trajectory(10.0, histories, min_episodes=5, min_points=5)
    assert [p.session for p in points] == [1, 2]  # only one episode reached session 3
