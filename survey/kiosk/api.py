"""JSON submission for tablets: the ticket authorises it, the ``uid`` makes resends harmless.

Exempt from CSRF: it is authorised by the signed ticket in the body, not by a cookie.
"""
from __future__ import annotations

from flask import current_app, jsonify, request, url_for
from werkzeug.exceptions import HTTPException

from survey.kiosk import bp, openapi
from survey.operations import (
    SubmissionConflict,
    SubmissionError,
    record_response,
)
from survey.operations.payload import (
    MAX_BODY,
    MalformedSubmission,
    read_body,
    tablet_fields,
)
from survey.web import tickets
from survey.web.db import get_session
from survey.web.helpers import get_catalogue
from survey.web.security import count_submission, submission_allowed

API_PATH = "/kiosk/api/"  # every error under it is JSON, Werkzeug's own too
_MESSAGES = {
    404: "there is no such address in the API",
    405: "this address does not take that method",
    413: f"the request is too large (at most {MAX_BODY // 1024} KB)",
    429: "too many responses in a short time; the tablet sends it again later",
    500: "the server could not store the response; the tablet sends it again later",
}


def _error(message: str, status: int, code: str):
    """A refusal: ``error`` says why for developers, ``code`` names the words the tablet shows
    the client (``domain.client_words.PROBLEM_CODES``)."""
    return jsonify(error=message, code=code), status


@bp.app_errorhandler(HTTPException)
def json_errors(error: HTTPException):
    """On the API path, an HTTP error keeps its status and headers but says why in JSON."""
    if not request.path.startswith(API_PATH):
        return error
    response = error.get_response()
    code = "server" if (error.code or 500) >= 500 else "malformed"
    response.set_data(jsonify(error=_MESSAGES.get(error.code, error.description),
                              code=code).get_data())
    response.mimetype = "application/json"
    return response


@bp.get("/api/openapi.json")
def openapi_document():
    return jsonify(openapi.document(url_for("kiosk.submit")))


@bp.post("/api/responses")
def submit():
    request.max_content_length = MAX_BODY  # Werkzeug answers 413, chunked bodies too
    if not request.is_json:
        return _error("the body must be JSON, sent as Content-Type: application/json", 415,
                      "malformed")
    try:
        body = read_body(request.get_data())
        ticket = tickets.read(body.get("ticket"))
        if ticket is None:
            return _error("unknown or invalid ticket", 403, "ticket")
        if ticket.expired(current_app.config["TICKET_HOURS"]):
            return _error("the ticket has expired", 403, "ticket")
        given = tablet_fields(body)
    except MalformedSubmission as error:
        return _error(str(error), 400, "malformed")
    submission = ticket.submission(
        given["uid"], given["answers"],
        ticket.language if given["language"] is None else given["language"],
        given["gender"], given["age_group"])
    db = get_session()
    try:
        _, created = record_response(db, get_catalogue(), submission)
    except SubmissionConflict as error:
        db.rollback()
        return _error(str(error), 409, "conflict")
    except SubmissionError as error:
        db.rollback()
        return _error(str(error), 422, "invalid")
    if created and not submission_allowed(body["ticket"]):  # resends are never refused
        db.rollback()
        return _error(_MESSAGES[429], 429, "server") + ({"Retry-After": "60"},)
    db.commit()
    if created:
        count_submission(body["ticket"])
    return jsonify(uid=submission.uid, stored=True, duplicate=not created), 201 if created else 200
