"""Whether a hand-over's questionnaire is already answered."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from survey.models import Response


def already_answered(db: Session, questionnaire_id: str, rater: str, session_id: int | None,
                     follow_up_id: int | None) -> bool:
    """True when the session or follow-up already has this questionnaire from this rater
    (a round takes any number of responses, so it never has)."""
    if session_id is None and follow_up_id is None:
        return False
    query = select(Response.id).where(Response.questionnaire_id == questionnaire_id,
                                      Response.rater == rater)
    if session_id is not None:
        query = query.where(Response.session_id == session_id)
    if follow_up_id is not None:
        query = query.where(Response.follow_up_id == follow_up_id)
    return db.scalar(query.limit(1)) is not None
