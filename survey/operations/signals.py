"""A signal seen and acted on: what the therapist did, when and who. They flush; callers commit."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from survey.domain.scoring import Signal
from survey.domain.vocabulary import SIGNAL_ACTIONS
from survey.models import Episode, SignalAcknowledgement, StaffUser
from survey.operations.clinic import ClinicError

MAX_NOTE_LENGTH = 500


def acknowledge_signal(db: Session, episode: Episode, signal: Signal, staff: StaffUser,
                       action: str, note: str = "") -> SignalAcknowledgement:
    """Record that ``signal`` (one the episode raised) was discussed and what was done about it."""
    note = note.strip()
    if action not in SIGNAL_ACTIONS:
        raise ClinicError("choose-action")
    if action == "other" and not note:
        raise ClinicError("note-required")
    if len(note) > MAX_NOTE_LENGTH:
        raise ClinicError("note-length", most=MAX_NOTE_LENGTH)
    if db.scalar(select(SignalAcknowledgement.id).where(
            SignalAcknowledgement.episode_id == episode.id, SignalAcknowledgement.code == signal.code,
            SignalAcknowledgement.session_number == signal.session)):
        raise ClinicError("already-acknowledged")
    raised_on = next(s.held_on for s in episode.sessions if s.number == signal.session)
    acknowledgement = SignalAcknowledgement(
        episode_id=episode.id, code=signal.code, session_number=signal.session, raised_on=raised_on,
        action=action, note=note or None, staff_id=staff.id)
    db.add(acknowledgement)
    db.flush()
    return acknowledgement
