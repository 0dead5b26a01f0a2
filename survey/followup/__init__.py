"""Systematic follow-up beyond sessions: goals, delivered help, measurement points (no Flask)."""
from .goals import (
    FollowUpRef, GoalProgress, goal_id_of, goal_item_key, goal_progress, goal_questionnaire,
    goals_on,
)
from .schedule import EpisodeFacts, Point, Rule, add_months, measurement_points
from .vocabulary import (
    CONTACT_KINDS, DECISIONS, END_VARIABLES, FOLLOW_UP_KINDS, INSTRUMENTS, INTERVENTION_TYPES,
    MEASUREMENT_POINTS, MONTHS_AFTER_END, VARIABLES, variable_values,
)

__all__ = [
    "CONTACT_KINDS", "DECISIONS", "END_VARIABLES", "EpisodeFacts", "FOLLOW_UP_KINDS", "FollowUpRef",
    "GoalProgress", "INSTRUMENTS", "INTERVENTION_TYPES", "MEASUREMENT_POINTS", "MONTHS_AFTER_END",
    "Point", "Rule", "VARIABLES", "add_months", "goal_id_of", "goal_item_key", "goal_progress",
    "goal_questionnaire", "goals_on", "measurement_points", "variable_values",
]
