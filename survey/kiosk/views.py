"""Tablet pages once a ticket is given: the first screen, the questionnaire's screens, thanks and
about (how a ticket is given: ``kiosk.opening``)."""
from __future__ import annotations

import json
import uuid
from pathlib import Path

from flask import abort, current_app, make_response, redirect, render_template, request, url_for

from survey.domain.client_words import LANGUAGE_NAMES, PROBLEM_CODES, age_group_words, words_for
from survey.domain.instruments import Questionnaire
from survey.domain.vocabulary import GENDERS
from survey.kiosk import bp
from survey.operations import SubmissionConflict, SubmissionError, record_response
from survey.queries import already_answered, follow_up_questionnaire
from survey.web import tickets
from survey.web.db import get_session
from survey.web.helpers import commit_audited, get_catalogue
from survey.web.security import count_submission, submission_allowed


@bp.after_request
def never_cache(response):
    """Nothing a client answered may come back by Back or reload."""
    response.headers.setdefault("Cache-Control", "no-store")
    return response


def _ticket_or_404(token: str) -> tickets.Ticket:
    ticket = tickets.read(token)
    if ticket is None:
        abort(404)
    return ticket


def _open_ticket(token: str) -> tickets.Ticket:
    """The ticket, unless it expired or its session or follow-up is already answered: then
    the client is told so in their language (410) and nothing of the questionnaire is shown."""
    ticket = _ticket_or_404(token)
    reason = None
    if ticket.expired(current_app.config["TICKET_HOURS"]):
        reason = "expired"
    elif already_answered(get_session(), ticket.questionnaire_id, ticket.rater,
                          ticket.session_id, ticket.follow_up_id):
        reason = "answered"
    if reason:
        lang = ticket.language if ticket.language in LANGUAGE_NAMES else "sv"
        abort(make_response(render_template(
            "kiosk/refused.html", lang=lang, words=words_for(lang), reason=reason,
            again=_again(token, ticket, lang)), 410))
    return ticket


def _language(ticket: tickets.Ticket, questionnaire: Questionnaire) -> str:
    """The language asked for on the first screen, else the one chosen at hand-over."""
    asked = request.values.get("lang")
    for language in (asked, ticket.language):
        if language in questionnaire.languages:
            return language
    return questionnaire.languages[0]


@bp.get("/t/<token>")
def welcome(token: str):
    """The first screen a client sees: title, language choice, Start."""
    ticket = _open_ticket(token)
    questionnaire = _ticket_questionnaire(ticket)
    lang = _language(ticket, questionnaire)
    _audit_goals_shown(ticket)
    return render_template("kiosk/welcome.html", token=token, q=questionnaire, lang=lang,
                           words=words_for(lang), language_names=LANGUAGE_NAMES,
                           level=ticket.level, speech_rate=ticket.speech_rate)


def _again(token: str, ticket: tickets.Ticket, lang: str) -> str:
    """Where the tablet goes after a response (or when left alone): the round's first screen
    for the next client, or the locked screen that staff unlock to reach their own page."""
    if ticket.session_id:
        staff_page = url_for("clinic.session_done", session_id=ticket.session_id)
    elif ticket.follow_up_id:
        staff_page = url_for("clinic.follow_up_done", follow_up_id=ticket.follow_up_id)
    elif ticket.hand_back:
        staff_page = url_for("kiosk.hand_over")
    elif ticket.round_id:
        return url_for("kiosk.welcome", token=token)
    else:
        return url_for("kiosk.start")
    return url_for("kiosk.locked", lang=lang, next=staff_page)


def _ticket_questionnaire(ticket: tickets.Ticket) -> Questionnaire:
    """The ticket's questionnaire; a goals questionnaire gets one screen per goal of the
    follow-up's episode."""
    questionnaire = get_catalogue().get(ticket.questionnaire_id, ticket.questionnaire_version)
    if questionnaire.kind != "goals":
        return questionnaire
    try:
        built = follow_up_questionnaire(get_session(), questionnaire, ticket.follow_up_id)
    except ValueError:  # no goals to rate
        built = None
    if built is None:
        abort(404)
    return built


def _audit_goals_shown(ticket: tickets.Ticket) -> None:
    """A follow-up's pages show the client's goals: logged like any view of a client's data."""
    if ticket.follow_up_id is not None:
        commit_audited(get_session(), "view", "follow_up", ticket.follow_up_id, "goals on the tablet")


def _render_form(token, ticket, questionnaire, lang, uid, problem=None, given=None, status=200):
    response = make_response(render_template(
        "kiosk/answer.html", token=token, ticket=ticket, q=questionnaire, uid=uid,
        again=_again(token, ticket, lang), problem=problem, problem_codes=PROBLEM_CODES,
        lang=lang, words=words_for(lang), given=given or {},
        genders=GENDERS, age_groups=questionnaire.age_groups, age_words=age_group_words,
        level=ticket.level, speech_rate=ticket.speech_rate,
        idle_seconds=current_app.config["IDLE_SECONDS"],
        keep_offline=questionnaire.kind != "goals",
    ), status)
    if questionnaire.kind == "goals":  # the client's own words: never in the worker's cache
        response.headers["Kiosk-Keep-Offline"] = "no"
    return response


@bp.get("/t/<token>/answer")
def answer(token: str):
    ticket = _open_ticket(token)
    questionnaire = _ticket_questionnaire(ticket)
    _audit_goals_shown(ticket)
    return _render_form(token, ticket, questionnaire, _language(ticket, questionnaire),
                        uid=str(uuid.uuid4()))


@bp.post("/t/<token>/answer")
def submit_form(token: str):
    """The page's own form post: how a browser without JavaScript sends the answers."""
    ticket = _open_ticket(token)
    questionnaire = _ticket_questionnaire(ticket)
    lang = _language(ticket, questionnaire)
    given = {item.key: request.form.get(f"item-{item.key}", "") for item in questionnaire.items}
    submission = ticket.submission(request.form.get("uid", ""), given, lang,
                                   request.form.get("gender") or None,
                                   request.form.get("age_group") or None)
    db = get_session()
    try:
        _, created = record_response(db, get_catalogue(), submission)
    except SubmissionConflict:
        db.rollback()
        return _render_form(token, ticket, questionnaire, lang, submission.uid,
                            problem="conflict", given=given, status=409)
    except SubmissionError:
        db.rollback()
        return _render_form(token, ticket, questionnaire, lang, submission.uid,
                            problem="invalid", given=given, status=422)
    if created and not submission_allowed(token):  # resends are never refused
        db.rollback()
        return _render_form(token, ticket, questionnaire, lang, submission.uid,
                            problem="busy", given=given, status=429)
    db.commit()
    if created:
        count_submission(token)
    return redirect(url_for("kiosk.thanks", token=token, lang=lang))


@bp.get("/thanks")
def thanks():
    token = request.args.get("token", "")
    ticket = tickets.read(token) if token else None
    lang = request.args.get("lang", "sv")
    lang = lang if lang in LANGUAGE_NAMES else "sv"
    again = _again(token, ticket, lang) if ticket else url_for("kiosk.start")
    return render_template("kiosk/thanks.html", again=again, lang=lang, words=words_for(lang))


@bp.get("/about")
def about():
    """Credits for the pictograms, as their licence asks."""
    credits_file = Path(current_app.static_folder) / "pictograms" / "credits.json"
    credits = json.loads(credits_file.read_text(encoding="utf-8"))
    lang = request.args.get("lang", "sv")
    lang = lang if lang in LANGUAGE_NAMES else "sv"
    return render_template("kiosk/about.html", credits=credits, lang=lang, words=words_for(lang))
