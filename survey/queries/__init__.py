"""Reads that feed pages and reports: each a ``select()``, returned as objects, rows or frames."""
from .clients import (
    can_see_client, closed_episodes_stamp, episode_scores, outcome_histories, visible_clients,
)
from .results import Scope, results_frame
from .surveys import round_answers

__all__ = ["Scope", "can_see_client", "closed_episodes_stamp", "episode_scores", "outcome_histories", "results_frame",
           "round_answers", "visible_clients"]
