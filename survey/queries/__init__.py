"""Reads that feed pages and reports: each a ``select()``, returned as objects, rows or frames."""
from survey.queries.clients import (
    can_see_client,
    closed_episodes_stamp,
    episode_scores,
    outcome_histories,
    session_languages,
    visible_clients,
)
from survey.queries.feedback import Scope, outcome_series, results_frame, signals_acted_on
from survey.queries.followup import (
    follow_up_languages,
    follow_up_questionnaire,
    goal_ratings,
    measured_dates,
    unit_episodes,
    unit_goal_ratings,
    unit_rules,
)
from survey.queries.responses import already_answered
from survey.queries.surveys import (
    ORGANISATION,
    answer_counts,
    raw_answers,
    respondent_counts,
    round_progress,
    round_stamp,
    skipped_counts,
)

__all__ = [
    "ORGANISATION", "Scope", "already_answered", "answer_counts", "skipped_counts", "outcome_series", "signals_acted_on", "can_see_client",
    "closed_episodes_stamp",
    "episode_scores", "follow_up_languages", "follow_up_questionnaire", "goal_ratings", "measured_dates", "outcome_histories", "raw_answers", "respondent_counts", "results_frame",
    "round_progress", "round_stamp", "session_languages", "unit_episodes", "unit_goal_ratings", "unit_rules",
    "visible_clients",
]
