"""Reads that feed pages and reports: each a ``select()``, returned as objects, rows or frames."""
from .clients import (
    can_see_client, closed_episodes_stamp, episode_scores, outcome_histories, visible_clients,
)
from .results import Scope, results_frame
from .surveys import (
    ORGANISATION, answer_counts, raw_answers, respondent_counts, round_progress, round_stamp,
)

__all__ = [
    "ORGANISATION", "Scope", "answer_counts", "can_see_client", "closed_episodes_stamp",
    "episode_scores", "outcome_histories", "raw_answers", "respondent_counts", "results_frame",
    "round_progress", "round_stamp", "visible_clients",
]
