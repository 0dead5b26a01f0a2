"""The label of every code the domain returns, from one catalogue keyed by the codes themselves:
the message context is the vocabulary's name and the message id is the code (``gender`` /
``woman`` → "Kvinna"). Templates read them as ``labels.gender[code]`` or ``code|label("gender")``;
``VOCABULARIES`` lists every code so that ``survey translations`` puts each in the catalogue."""
from __future__ import annotations

from collections.abc import Iterator, Mapping
from types import SimpleNamespace

from flask import Flask, has_request_context
from flask_babel import gettext, lazy_pgettext, pgettext
from flask_babel import lazy_gettext as _l

from survey.domain import vocabulary as v
from survey.domain.disclosure import FEW
from survey.domain.variables import KINDS, NOT_STATED, PHASES, YES_NO_CODES
from survey.reporting import words
from survey.web.i18n import number, staff_language

# Every vocabulary with its codes (the domain's lists where it has one).
VOCABULARIES: dict[str, tuple[str, ...]] = {
    "gender": v.GENDERS,
    "gender_heading": ("all", "woman", "man"),
    "reason": v.CLOSE_REASONS,
    "round_status": ("draft", "open", "closed"),
    "signal": ("alliance-low", "alliance-item-low", "alliance-drop", "outcome-worse",
               "no-improvement", "off-track"),
    "signal_action": v.SIGNAL_ACTIONS,
    "result": ("recovered", "improved", "no-change", "deteriorated"),
    "flag": ("intake-above-cutoff", "saw-tooth", "single-rating"),
    # Short staff names of the items of the bundled instruments (other files show the item's key).
    "item": ("personal", "close-relationships", "social", "me", "family", "school", "everything",
             "heard-respected", "listened", "own-topics", "way-of-working", "overall"),
    "measure": ("clients", "episodes", "closed", *(f"closed:{r}" for r in v.CLOSE_REASONS),
                "single-session", "with-change", "mean-intake", "mean-last", "mean-change",
                "effect-size", "share:improved", "share:recovered", "share:no-change",
                "share:deteriorated", "alliance-mean", "alliance-sessions",
                "alliance-share-below", "flagged", "signals-acted", "signals-median-days",
                "signals-raised", "share:signals-acted"),
    "dose": ("sessions-band", "plan-band", "fewer", "as-planned", "more", "not-planned", "n",
             "mean-change", "share:improved"),
    "intervention": (*v.INTERVENTION_TYPES, "not-set"),
    "contact": v.CONTACT_KINDS,
    "follow_up": v.FOLLOW_UP_KINDS,
    "decision": v.DECISIONS,
    "instrument": v.INSTRUMENTS,
    "point": ("intake", "sessions", "end", "after-end", "review"),
    "point_status": ("done", "upcoming", "due", "overdue"),
    "rater": v.RATERS,
    # Follow-up variables a service defines (issue 17): the yes and no of a yes/no variable,
    # a variable's kind and when it is recorded.
    "value": YES_NO_CODES,
    "variable_kind": KINDS,
    "variable_phase": PHASES,
    "unit_kind": v.UNIT_KINDS,
    "role": ("admin", "coordinator", "therapist", "reviewer"),
    # Why the server refused an answer the tablet sent (the API's error code).
    "problem": ("invalid", "conflict", "ticket", "malformed", "server"),
    "speech_rate": v.SPEECH_RATES,
    "rating": ("1", "2", "3", "4", "5"),
    # Questionnaire translations (issue 16): the language a client answered in, named for staff.
    "client_language": v.CLIENT_LANGUAGES,
    # Follow-up variables (issue 17): the value every defined variable has; its other labels
    # are the service's own words (``defined_label``).
    "defined_value": ("not-stated",),
    # Coordinator: survey results split by gender, a column per group ("Kvinnor").
    "gender_group": v.GENDERS,
    # clinic (issue 16): a count of questions written in words in a sentence ("fyra frågor").
    "number_word": tuple(str(n) for n in range(1, 13)),
    # Admin: the audit log's events (the action of operations.audit) and what they concern.
    "audit_action": ("view", "create", "update", "export", "import", "undo-import", "open",
                     "closed", "enable", "disable", "reset", "login", "login-refused",
                     "hand-back", "acknowledge", "close", "transfer", "erase", "anonymise"),
    "audit_object": ("client", "episode", "session", "response", "signal", "goal", "contact",
                     "decision", "follow-up", "follow_up", "round", "results", "unit", "staff",
                     "audit", "review", "age_scheme"),
}


class Vocabulary(Mapping):
    """The labels of one vocabulary's codes in the reader's language (lazy outside a request,
    so that form classes can hold them)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.codes = VOCABULARIES[name]

    def __getitem__(self, code) -> str:
        code = str(code)
        if code not in self.codes:
            raise KeyError(code)
        if has_request_context():
            return pgettext(self.name, code)
        return lazy_pgettext(self.name, code)

    def __iter__(self) -> Iterator[str]:
        return iter(self.codes)

    def __len__(self) -> int:
        return len(self.codes)


GENDER_LABELS = Vocabulary("gender")
GENDER_HEADINGS = Vocabulary("gender_heading")
REASON_LABELS = Vocabulary("reason")
SIGNAL_ACTION_LABELS = Vocabulary("signal_action")
MEASURE_LABELS = Vocabulary("measure")
DOSE_LABELS = Vocabulary("dose")
INTERVENTION_LABELS = Vocabulary("intervention")
CONTACT_LABELS = Vocabulary("contact")
FOLLOW_UP_LABELS = Vocabulary("follow_up")
DECISION_LABELS = Vocabulary("decision")
INSTRUMENT_LABELS = Vocabulary("instrument")
ITEM_LABELS = Vocabulary("item")
UNIT_KIND_LABELS = Vocabulary("unit_kind")
ROLE_LABELS = Vocabulary("role")

# How the results are counted: stated on every results page and in the exports' notes.
RESULT_CONVENTIONS = (
    _l("Change is the last minus the first outcome rating, in episodes with at least two "
       "ratings."),
    _l("The effect size is the mean change divided by the standard deviation at intake, "
       "computed as the sample standard deviation (n − 1)."),
    _l("Reliably improved also counts the recovered, so the shares can add up to more than "
       "100 %."),
    _l("Closed after one session counts closed episodes only."),
    _l("Validity flag: intake above the clinical cut-off, a saw-tooth series (one swing up and "
       "one down in a row, each at least the reliable change) or a single rating."),
    _l("Signals acted on are counted for signals from sessions in the period; days to action "
       "are counted from the session to the mark."),
)


def point_label(point) -> str:
    """E.g. "Mående var 5:e session" or "Målskattning 3 månader efter avslut"."""
    when = pgettext("point", point.point).format(n=point.number)
    return f"{INSTRUMENT_LABELS[point.instrument]} {when}"


def signal_label(signal) -> str:
    """E.g. "En samarbetsfråga under 9": the threshold comes from the instrument's file."""
    limit = "" if signal.limit is None else number(signal.limit)
    return pgettext("signal", signal.code).format(limit=limit)


def hidden_text(min_group: int, reason: str | None = FEW) -> str:
    """What a hidden cell says, in the reader's language ("färre än 5")."""
    return words.hidden_text(gettext, min_group, reason)


def hidden_note(min_group: int) -> str:
    """Why cells are hidden, in the reader's language (under every table with hidden cells)."""
    return words.hidden_note(gettext, min_group)


def defined_label(words: Mapping[str, str] | None) -> str:
    """A name or label a service wrote itself (a defined variable, its values, an age scheme):
    the reader's language, else Swedish, else any language given."""
    words = words or {}
    for language in (staff_language(), "sv", *words):
        if (words.get(language) or "").strip():
            return words[language]
    return ""


def variable_value_label(variable, code: str) -> str:
    """A recorded code of a defined variable: "not stated" from the catalogue, yes and no
    likewise, any other the label the service gave it in that version."""
    if code == NOT_STATED:
        return pgettext("defined_value", code)
    if code in YES_NO_CODES:
        return pgettext("value", code)
    for option in variable.options:
        if option.code == code:
            return defined_label(option.labels)
    return code


def label(code, vocabulary: str) -> str:
    """The Jinja filter: ``episode.close_reason|label("reason")``."""
    return Vocabulary(vocabulary)[code]


LABELS = SimpleNamespace(
    **{name: Vocabulary(name) for name in VOCABULARIES},
    hidden=hidden_text, hidden_note=hidden_note, conventions=RESULT_CONVENTIONS,
)


def init_app(app: Flask) -> None:
    app.jinja_env.filters["label"] = label
    app.jinja_env.filters["defined_label"] = defined_label
    app.context_processor(lambda: {"labels": LABELS, "point_label": point_label,
                                   "signal_label": signal_label,
                                   "variable_value_label": variable_value_label})
