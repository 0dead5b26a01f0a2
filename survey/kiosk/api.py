"""JSON submission for tablets: the ticket authorises it, the ``uid`` makes resends harmless.

Exempt from CSRF: it is authorised by the signed ticket in the body, not by a cookie.
"""
from __future__ import annotations

from flask import jsonify, request

from ..db import get_session
from ..operations import Submission, SubmissionConflict, SubmissionError, record_response
from ..web import get_catalogue
from . import bp, tickets

MAX_BODY = 64 * 1024


def _error(message: str, status: int):
    return jsonify(error=message), status


@bp.post("/api/responses")
def submit():
    if request.content_length is not None and request.content_length > MAX_BODY:
        return _error("the request is too large", 413)
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return _error("the body must be a JSON object", 400)
    ticket = tickets.read(body.get("ticket")) if isinstance(body.get("ticket"), str) else None
    if ticket is None:
        return _error("unknown or invalid ticket", 403)
    answers = body.get("answers")
    if not isinstance(answers, dict):
        return _error("answers must be an object of item keys", 400)
    submission = Submission(
        uid=body.get("uid") if isinstance(body.get("uid"), str) else "",
        questionnaire_id=ticket.questionnaire_id,
        questionnaire_version=ticket.questionnaire_version, unit_id=ticket.unit_id,
        round_id=ticket.round_id, session_id=ticket.session_id, mode=ticket.mode,
        rater=ticket.rater,
        language=body["language"] if isinstance(body.get("language"), str) else ticket.language,
        gender=body.get("gender"), age_group=body.get("age_group"), answers=answers,
    )
    db = get_session()
    try:
        response, created = record_response(db, get_catalogue(), submission)
    except SubmissionConflict as error:
        db.rollback()
        return _error(str(error), 409)
    except SubmissionError as error:
        db.rollback()
        return _error(str(error), 422)
    db.commit()
    return jsonify(uid=response.uid, stored=True, duplicate=not created), 201 if created else 200
