"""A signed ticket that lets a tablet answer one questionnaire without a staff login."""
from __future__ import annotations

import time
from dataclasses import asdict, dataclass

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

from survey.operations import Submission


@dataclass(frozen=True)
class Ticket:
    questionnaire_id: str
    questionnaire_version: int
    unit_id: int
    language: str
    mode: str
    rater: str = "client"
    level: str = "pictures"  # "pictures" (pictograms and text) or "text" (text only)
    round_id: int | None = None
    session_id: int | None = None
    follow_up_id: int | None = None
    # Seconds since the epoch when staff handed the tablet over (sessions and follow-ups).
    issued_at: int | None = None
    # Staff handed the tablet over: it ends on the locked hand-back screen.
    hand_back: bool = False
    # Hand-over options of the client pages: how fast speech plays, whether a tap moves on to
    # the next screen by itself, and faces at the ends of every line (adult instruments too).
    speech_rate: str = "normal"
    advance: bool = False
    faces: bool = False

    def submission(self, uid: str, answers, language: str, gender: str | None = None,
                   age_group: str | None = None) -> Submission:
        """The response this ticket allows, as the tablet (or its form) sent it."""
        return Submission(
            uid=uid, questionnaire_id=self.questionnaire_id,
            questionnaire_version=self.questionnaire_version, unit_id=self.unit_id,
            round_id=self.round_id, session_id=self.session_id, follow_up_id=self.follow_up_id,
            mode=self.mode, rater=self.rater, language=language, gender=gender,
            age_group=age_group, answers=answers, speech_rate=self.speech_rate)

    def expired(self, hours: float, now: float | None = None) -> bool:
        """A session or follow-up ticket is good for ``hours`` after issue; one without an
        issue time (signed before tickets carried one) is expired. Round tickets do not expire:
        the round closes."""
        if self.session_id is None and self.follow_up_id is None:
            return False
        if self.issued_at is None:
            return True
        return (time.time() if now is None else now) - self.issued_at > hours * 3600


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="kiosk-ticket")


def sign(ticket: Ticket) -> str:
    """The ticket signed for a URL, stamped with the time of issue unless it has one."""
    data = asdict(ticket)
    if data["issued_at"] is None:
        data["issued_at"] = int(time.time())
    return _serializer().dumps(data)


def read(token: object) -> Ticket | None:
    """The ticket in ``token``, or ``None`` when it is not a string this app signed."""
    if not isinstance(token, str):
        return None
    try:
        data = _serializer().loads(token)
        return Ticket(**data)
    except (BadSignature, TypeError, ValueError):  # ValueError: e.g. a lone surrogate
        return None
