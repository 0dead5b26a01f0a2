"""The words of systematic follow-up: follow-up kinds, decisions, contacts, intervention types,
measurement points and the background and end variables a unit may record."""
from __future__ import annotations

from ..population import CLOSE_REASONS

FOLLOW_UP_KINDS = ("intake", "review", "after-end")

# What a follow-up decides (a follow-up may record several, e.g. a goal reached and one added).
DECISIONS = ("continue", "change", "goal-reached", "goal-added", "end")

# Kinds of contact delivered within an episode.
CONTACT_KINDS = ("individual", "group", "relatives")

INTERVENTION_TYPES = ("counselling", "family-treatment", "group-programme", "parenting-support",
                      "substance-treatment", "other")

# Instruments a unit can put on its measurement plan, and the points they can be due at.
INSTRUMENTS = ("outcome", "alliance", "goals")
MEASUREMENT_POINTS = ("intake", "sessions", "end", "after-end")
MONTHS_AFTER_END = (3, 6, 9)

# Background variables (recorded at intake) and end variables (at the end), each with its values.
# The end reason itself is the episode's close reason.
VARIABLES: dict[str, tuple[str, ...]] = {
    "referral": ("self", "relative", "social-services", "health-care", "school", "other"),
    "housing": ("own-home", "with-parents", "supported-housing", "homeless", "other"),
    "occupation": ("work", "studies", "daily-activity", "unemployed", "sick-leave", "pension",
                   "other"),
    "end_reason": (),  # the values are the episode close reasons
    "bridged": ("yes", "no"),
}
END_VARIABLES = ("end_reason", "bridged")


def variable_values(name: str) -> tuple[str, ...]:
    """The values a variable can take (the end reason's are the episode close reasons)."""
    return CLOSE_REASONS if name == "end_reason" else VARIABLES[name]
