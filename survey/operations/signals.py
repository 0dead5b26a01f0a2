"""A signal seen and acted on: what the therapist did, when and who. They flush; callers commit."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from survey.domain.scoring import Signal
from survey.domain.vocabulary import SIGNAL_ACTIONS
from survey.models import Episode, SignalAcknowledgement, StaffUser
from survey.operations.clinic import ClinicError


def acknowledge_signal(db: Session, episode: Episode, signal: Signal, staff: StaffUser,
                       action: str, note: str = "") -> SignalAcknowledgement:
    """Record that ``signal`` (one the episode raised) was discussed and what was done about it."""
    note = note.strip()
    if action not in SIGNAL_ACTIONS:
        raise ClinicError("Välj vad som gjordes.")
    if action == "other" and not note:
        raise ClinicError("Skriv vad som gjordes.")
    if len(note) > 500:
        raise ClinicError("Anteckningen får vara högst 500 tecken.")
    if db.scalar(select(SignalAcknowledgement.id).where(
            SignalAcknowledgement.episode_id == episode.id, SignalAcknowledgement.code == signal.code,
            SignalAcknowledgement.session_number == signal.session)):
        raise ClinicError("Signalen är redan markerad som pratad om.")
    raised_on = next(s.held_on for s in episode.sessions if s.number == signal.session)
    acknowledgement = SignalAcknowledgement(
        episode_id=episode.id, code=signal.code, session_number=signal.session, raised_on=raised_on,
        action=action, note=note or None, staff_id=staff.id)
    db.add(acknowledgement)
    db.flush()
    return acknowledgement
