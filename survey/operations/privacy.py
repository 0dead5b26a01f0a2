"""A client's data on request (export, erasure) and the retention rule (anonymisation). They flush; callers commit."""
from __future__ import annotations

from datetime import date

from sqlalchemy import delete, exists, or_, select
from sqlalchemy.orm import Session

from survey.models import (
    Answer,
    Client,
    Contact,
    Episode,
    FollowUp,
    FollowUpDecision,
    Goal,
    RecordedValue,
    Response,
    SignalAcknowledgement,
    TreatmentSession,
)

ANONYMISED_GOAL = "(anonymiserat)"


def _responses(responses) -> list[dict]:
    return [{
        "questionnaire": f"{r.questionnaire_id}@{r.questionnaire_version}",
        "rater": r.rater, "source": r.source, "language": r.language, "total": r.score_total,
        "answers": {a.item_key: a.value if a.value is not None else a.option_key for a in r.answers},
    } for r in responses]


def _recorded(values: list[RecordedValue]) -> list[dict]:
    """Every value recorded on an episode (in a review or not), each with its variable's key
    and version: the codes chosen, or the number, date or text."""
    found: dict[tuple, dict] = {}
    for value in values:
        entry = found.setdefault((value.key, value.variable.version, value.review_id), {
            "variable": value.key, "version": value.variable.version, "review": value.review_id,
            "codes": [], "number": value.number, "date": value.day.isoformat() if value.day else None,
            "text": value.text})
        if value.option_code is not None:
            entry["codes"].append(value.option_code)
    return list(found.values())


def _episode_record(db: Session, episode: Episode) -> dict:
    sessions = [{
        "number": session.number, "held_on": session.held_on.isoformat(),
        "responses": _responses(db.scalars(select(Response).where(Response.session_id == session.id))),
    } for session in episode.sessions]
    follow_ups = [{
        "kind": f.kind, "held_on": f.held_on.isoformat(),
        "decisions": [d.decision for d in f.decisions],
        "responses": _responses(db.scalars(select(Response).where(Response.follow_up_id == f.id))),
    } for f in episode.follow_ups]
    return {
        "opened_on": episode.opened_on.isoformat(), "age_at_intake": episode.age_at_intake,
        "closed_on": episode.closed_on.isoformat() if episode.closed_on else None,
        "close_reason": episode.close_reason, "intervention_type": episode.intervention_type,
        "planned_sessions": episode.planned_sessions, "planned_months": episode.planned_months,
        "goals": [{"id": g.id, "wording": g.wording, "added_on": g.added_on.isoformat(),
                   "ended_on": g.ended_on.isoformat() if g.ended_on else None} for g in episode.goals],
        "contacts": [{"held_on": c.held_on.isoformat(), "kind": c.kind, "attended": c.attended}
                     for c in episode.contacts],
        "variables": _recorded(episode.recorded_values),
        "sessions": sessions, "follow_ups": follow_ups,
        "signals_acted_on": [{
            "signal": a.code, "session": a.session_number, "raised_on": a.raised_on.isoformat(),
            "action": a.action, "note": a.note, "by": a.staff.display_name,
            "at": a.acknowledged_at.isoformat(timespec="minutes"),
        } for a in sorted(episode.acknowledgements, key=lambda a: (a.session_number, a.code))],
    }


def client_record(db: Session, client: Client) -> dict:
    """Everything stored about a client, for a request to see one's own data."""
    return {"code": client.code, "unit": client.unit.name, "gender": client.gender,
            "age_group": client.age_group,
            "episodes": [_episode_record(db, episode) for episode in client.episodes]}


def erase_client(db: Session, client: Client) -> None:
    """Delete a client with every episode and everything recorded in them."""
    episodes = select(Episode.id).where(Episode.client_id == client.id)
    sessions = select(TreatmentSession.id).where(TreatmentSession.episode_id.in_(episodes))
    follow_ups = select(FollowUp.id).where(FollowUp.episode_id.in_(episodes))
    responses = select(Response.id).where(or_(Response.session_id.in_(sessions),
                                              Response.follow_up_id.in_(follow_ups)))
    db.execute(delete(Answer).where(Answer.response_id.in_(responses)))
    db.execute(delete(Response).where(Response.id.in_(responses)))
    db.execute(delete(FollowUpDecision).where(FollowUpDecision.follow_up_id.in_(follow_ups)))
    db.execute(delete(FollowUp).where(FollowUp.id.in_(follow_ups)))
    db.execute(delete(Goal).where(Goal.episode_id.in_(episodes)))
    db.execute(delete(Contact).where(Contact.episode_id.in_(episodes)))
    db.execute(delete(RecordedValue).where(RecordedValue.episode_id.in_(episodes)))
    db.execute(delete(SignalAcknowledgement).where(SignalAcknowledgement.episode_id.in_(episodes)))
    db.execute(delete(TreatmentSession).where(TreatmentSession.id.in_(sessions)))
    db.execute(delete(Episode).where(Episode.client_id == client.id))
    db.delete(client)
    db.flush()


def clients_past_retention(db: Session, closed_before: date) -> list[Client]:
    """Clients with no open episode whose every episode closed before the date."""
    recent_or_open = exists().where(Episode.client_id == Client.id).where(
        (Episode.closed_on.is_(None)) | (Episode.closed_on >= closed_before))
    return list(db.scalars(select(Client).where(~recent_or_open, Client.episodes.any())
                           .where(~Client.code.startswith("ANON-"))))


def anonymise_client(db: Session, client: Client) -> None:
    """Keep the scores for statistics but nothing that leads back to the person: a new code,
    the goals' wording (the client's own words) blanked, and the notes on signals acted on and
    the free-text values of variables (text that may name someone) cleared; what was done about
    a signal, and when, is kept."""
    client.code = f"ANON-{client.id}"
    for episode in client.episodes:
        for goal in episode.goals:
            goal.wording = ANONYMISED_GOAL
        for acknowledgement in episode.acknowledgements:
            acknowledgement.note = None
        for value in episode.recorded_values:
            value.text = None
    db.flush()
