"""Background variables shared by every part of the product: gender, age group, collection mode."""
from __future__ import annotations

GENDERS = ("woman", "man", "other", "not-stated")

# Age groups as services report them; each falls in one of the instruments' age bands.
AGE_GROUPS = ("0-5", "6-12", "13-17", "18-29", "30-49", "50-64", "65+")
_BAND_OF_AGE_GROUP = {"0-5": "child", "6-12": "child", "13-17": "youth"}

# How an answer was collected (recorded at hand-over).
COLLECTION_MODES = ("self", "read-aloud", "interview", "proxy")

# Who rated: the client, a parent or carer answering for them, or the practitioner (goal ratings).
RATERS = ("client", "collateral", "practitioner")


def age_band(age_group: str) -> str:
    """The instrument age band (child, youth or adult) for a reporting age group."""
    if age_group not in AGE_GROUPS:
        raise ValueError(f"unknown age group {age_group!r}")
    return _BAND_OF_AGE_GROUP.get(age_group, "adult")

# Why an episode ended.
CLOSE_REASONS = ("planned", "stopped-coming", "moved", "referred-on", "other")
