"""A client's data on request (export, erasure) and the retention rule. They flush; callers commit."""
from __future__ import annotations

from datetime import date

from sqlalchemy import delete, exists, select
from sqlalchemy.orm import Session

from ..models import Answer, Client, Episode, Response, TreatmentSession


def client_record(db: Session, client: Client) -> dict:
    """Everything stored about a client, for a request to see one's own data."""
    episodes = []
    for episode in client.episodes:
        sessions = []
        for session in episode.sessions:
            responses = db.scalars(select(Response).where(Response.session_id == session.id)).all()
            sessions.append({
                "number": session.number, "held_on": session.held_on.isoformat(),
                "responses": [{
                    "questionnaire": f"{r.questionnaire_id}@{r.questionnaire_version}",
                    "rater": r.rater, "source": r.source, "total": r.score_total,
                    "answers": {a.item_key: a.value if a.value is not None else a.option_key for a in r.answers},
                } for r in responses],
            })
        episodes.append({"opened_on": episode.opened_on.isoformat(),
                         "closed_on": episode.closed_on.isoformat() if episode.closed_on else None,
                         "close_reason": episode.close_reason, "sessions": sessions})
    return {"code": client.code, "unit": client.unit.name, "gender": client.gender,
            "age_group": client.age_group, "episodes": episodes}


def erase_client(db: Session, client: Client) -> None:
    """Delete a client with every episode, session, response and answer."""
    sessions = select(TreatmentSession.id).join(Episode).where(Episode.client_id == client.id)
    responses = select(Response.id).where(Response.session_id.in_(sessions))
    db.execute(delete(Answer).where(Answer.response_id.in_(responses)))
    db.execute(delete(Response).where(Response.id.in_(responses)))
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
    """Keep the scores for statistics but nothing that leads back to the person: a new code."""
    client.code = f"ANON-{client.id}"
    db.flush()
