"""A signed ticket that lets a tablet answer one questionnaire without a staff login."""
from __future__ import annotations

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


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="kiosk-ticket")


def sign(ticket: Ticket) -> str:
    return _serializer().dumps(asdict(ticket))


def read(token: object) -> Ticket | None:
    """The ticket in ``token``, or ``None`` when it is not a string this app signed."""
    if not isinstance(token, str):
        return None
    try:
        data = _serializer().loads(token)
        return Ticket(**data)
    except (BadSignature, TypeError, ValueError):  # ValueError: e.g. a lone surrogate
        return None
