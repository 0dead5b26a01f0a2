"""The words of the clinic's refusals and signals: every ``ClinicError`` code an operation raises
(``operations/clinic.py``, ``followup.py``, ``signals.py``; a unit's follow-up settings are
the coordinator's, worded there) and every signal's figures
(``domain/scoring.py``), worded in the reader's language with the numbers written their way."""
from __future__ import annotations

from numbers import Number

from flask_babel import lazy_gettext as _l

from survey.domain.scoring import Signal
from survey.operations.errors import OperationError
from survey.web.i18n import number

ERRORS = {
    "code-length": _l("The code must be 1–40 characters."),
    "unknown-gender-or-age": _l("Choose gender and age group."),
    "age-missing": _l("Write the age, or choose an age group if the age is not known."),
    "age-out-of-range": _l("Write the age in whole years, from 0 to %(high)s."),
    "age-group-differs": _l("Age %(age)s is not in the age group %(group)s: leave the group "
                            "empty when the age is known."),
    "not-in-unit": _l("You do not work in this unit."),
    "unit-closed": _l("The unit is closed: it takes no new clients."),
    "duplicate-code": _l("The unit already has a client with code %(code)s."),
    "episode-open": _l("The client already has an open episode."),
    "episode-already-closed": _l("The episode is already closed."),
    "unknown-reason": _l("Choose a reason for closing."),
    "closes-before-opening": _l("An episode cannot close before it opened."),
    "transfer-therapist": _l("The new therapist must be a therapist of the client's unit."),
    "episode-closed": _l("The episode is closed."),
    "unknown-intervention": _l("Choose an intervention."),
    "planned-sessions-range": _l("Planned sessions must be a number from %(low)s to %(high)s."),
    "planned-months-range": _l("Planned months must be a number from %(low)s to %(high)s."),
    "goal-length": _l("A goal needs 1–%(most)s characters."),
    "goal-before-episode": _l("A goal cannot be added before the episode opened."),
    "follow-up-before-episode": _l("A follow-up cannot come before the episode opened."),
    "intake-exists": _l("The episode already has its first rating."),
    "review-after-close": _l("The episode is closed: choose a follow-up after the end."),
    "after-end-needs-close": _l(
        "A follow-up after the end needs a closed episode and a later date."),
    "unknown-follow-up": _l("Choose a kind of follow-up."),
    "goals-first": _l("Add the client's goals first."),
    "unknown-decision": _l("Choose a decision."),
    "no-decision-after-end": _l("A follow-up after the end takes no decisions."),
    "goal-not-current": _l("Choose one of the client's current goals."),
    "unknown-contact": _l("Choose a kind of contact."),
    "date-outside-episode": _l("The date must fall within the episode."),
    "choose-action": _l("Choose what was done."),
    "note-required": _l("Write what was done."),
    "note-length": _l("The note may be at most %(most)s characters."),
    "already-acknowledged": _l("The signal is already marked as discussed."),
}

# A signal's figures (``Signal.figures``, in the order the domain gives them) in words.
SIGNAL_DETAILS = {
    "alliance-low": _l("alliance %(score)s under %(limit)s"),
    "alliance-item-low": _l("an alliance question under %(limit)s (%(lowest)s)"),
    "alliance-drop": _l("alliance %(before)s → %(after)s"),
    "outcome-worse": _l("outcome %(before)s → %(after)s"),
    "no-improvement": _l("no reliable improvement by session %(session)s"),
    "off-track": _l("outcome %(score)s under expected (%(lower)s)"),
}
SIGNAL_FIGURES = {
    "alliance-low": ("score", "limit"), "alliance-item-low": ("limit", "lowest"),
    "alliance-drop": ("before", "after"), "outcome-worse": ("before", "after"),
    "no-improvement": ("session",), "off-track": ("score", "lower"),
}


def _worded(value) -> str:
    return number(value) if isinstance(value, Number) else str(value)


def error_text(error: OperationError) -> str:
    """A refused change in the reader's language."""
    return str(ERRORS[error.code]) % {name: _worded(value) for name, value in error.params.items()}


def signal_detail(signal: Signal) -> str:
    """E.g. "samarbete 35,5 under 36"."""
    names = SIGNAL_FIGURES[signal.code]
    return str(SIGNAL_DETAILS[signal.code]) % {
        name: number(value) for name, value in zip(names, signal.figures)}
