"""Reads that feed pages and reports: each a ``select()``, returned as objects, rows or frames."""
from survey.queries.ages import age_bands, chosen_scheme, episode_ages
from survey.queries.clients import (
    can_see_client,
    closed_episodes_stamp,
    episode_scores,
    opens_every_client,
    outcome_histories,
    session_languages,
    unit_clients,
    visible_clients,
)
from survey.queries.feedback import (
    ActedOn,
    Scope,
    results_frame,
    scope_scores,
    score_stamps,
    signals_acted_on,
)
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
from survey.queries.variables import (
    age_schemes,
    code_versions,
    current_variables,
    episode_value_rows,
    episode_values,
    newest_episode_values,
    newest_recording,
    spec_of,
)

__all__ = [
    "ActedOn", "ORGANISATION", "Scope", "scope_scores", "score_stamps", "already_answered", "answer_counts", "skipped_counts", "signals_acted_on", "can_see_client",
    "closed_episodes_stamp",
    "episode_scores", "follow_up_languages", "opens_every_client", "follow_up_questionnaire", "goal_ratings", "measured_dates", "outcome_histories", "raw_answers", "respondent_counts", "results_frame",
    "round_progress", "round_stamp", "session_languages", "unit_clients", "unit_episodes", "unit_goal_ratings", "unit_rules",
    "visible_clients", "age_bands", "chosen_scheme", "episode_ages", "age_schemes", "code_versions",
    "current_variables", "episode_value_rows", "episode_values", "newest_episode_values",
    "newest_recording", "spec_of",
]
