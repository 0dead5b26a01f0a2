"""The product's vocabularies (codes only; the web layer words them): who answers (gender, age
group, collection mode, rater), why an episode ended, and the terms of systematic follow-up."""
from __future__ import annotations

GENDERS = ("woman", "man", "other", "not-stated")

# Age groups as services report them; each falls in one of the instruments' age bands.
AGE_GROUPS = ("0-5", "6-12", "13-17", "18-29", "30-49", "50-64", "65+")
ADULT_AGE_GROUPS = ("18-29", "30-49", "50-64", "65+")
_BAND_OF_AGE_GROUP = {"0-5": "child", "6-12": "child", "13-17": "youth"}

# How an answer was collected (recorded at hand-over).
COLLECTION_MODES = ("self", "read-aloud", "interview", "proxy")

# Kinds of node in an organisation's tree: the groupings above services, then the services.
UNIT_KINDS = ("area", "department", "housing", "daily-activity", "outpatient", "other")

# How fast the tablet speaks (chosen at hand-over, stored with the response): slow speech helps
# people with intellectual disability or aphasia.
SPEECH_RATES = ("normal", "slow")

# Who rated: the client, a parent or carer answering for them, or the practitioner (goal ratings).
RATERS = ("client", "collateral", "practitioner")

# The client languages: every client word and bundled questionnaire is in each. Swedish first,
# the other Nordic languages, English, then the large client languages. Staff read their names
# where a response's language is shown; a questionnaire file may add others.
CLIENT_LANGUAGES = ("sv", "fi", "nb", "da", "en", "ar", "fa", "so", "ti", "pl", "tr", "uk")


def age_band(age_group: str) -> str:
    """The instrument age band (child, youth or adult) for a reporting age group."""
    if age_group not in AGE_GROUPS:
        raise ValueError(f"unknown age group {age_group!r}")
    return _BAND_OF_AGE_GROUP.get(age_group, "adult")

# Why an episode ended.
CLOSE_REASONS = ("planned", "stopped-coming", "moved", "referred-on", "other")

# What a therapist did about a signal; "other" needs a note.
SIGNAL_ACTIONS = ("talked-with-client", "changed-plan", "consulted-colleague", "other")

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

# The staff pages' languages, Swedish first (an account's choice; none: the organisation's default).
STAFF_LANGUAGES = ("sv", "nb", "da", "fi", "en")
