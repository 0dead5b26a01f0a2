"""Tablet pages: hand-over by staff, the questionnaire screens, the thank-you screen."""
from __future__ import annotations

import uuid

from flask import abort, redirect, render_template, request, url_for
from flask_login import current_user, logout_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import BooleanField, SelectField
from wtforms.fields.choices import SelectChoice

from ..auth import roles_required
from ..db import get_session
from ..models import Role, RoundStatus, RoundUnit, SurveyRound
from ..operations import Submission, SubmissionError, record_response
from ..population import AGE_GROUPS, COLLECTION_MODES, GENDERS
from ..web import get_catalogue
from . import bp, tickets
from .words import words_for


@bp.after_request
def never_cache(response):
    """Nothing a client answered may come back by Back or reload."""
    response.headers["Cache-Control"] = "no-store"
    return response


class HandOverForm(FlaskForm):
    round_unit = SelectField("Enkät och enhet")
    mode = SelectField("Hur svarar klienten?", choices=[
        SelectChoice("self", "Själv"), SelectChoice("read-aloud", "Med stöd som läser upp"),
        SelectChoice("interview", "Intervju"), SelectChoice("proxy", "Någon annan svarar"),
    ])
    language = SelectField("Språk", choices=[SelectChoice("sv", "Svenska"), SelectChoice("en", "English")])
    log_out = BooleanField("Logga ut mig från surfplattan", default=True)


def _round_unit_choices() -> list[tuple[str, str]]:
    db = get_session()
    query = (select(RoundUnit).join(SurveyRound)
             .where(SurveyRound.status == RoundStatus.OPEN)
             .order_by(SurveyRound.year.desc(), RoundUnit.unit_id))
    if current_user.role is not Role.ADMIN:
        query = query.where(RoundUnit.unit_id.in_(current_user.unit_ids))
    catalogue = get_catalogue()
    choices = []
    for ru in db.scalars(query):
        title = catalogue.get(ru.survey_round.questionnaire_id,
                              ru.survey_round.questionnaire_version).title["sv"]
        choices.append(SelectChoice(f"{ru.round_id}:{ru.unit_id}",
                                    f"{ru.survey_round.year} {title} – {ru.unit.name}"))
    return choices


@bp.get("/")
def start():
    return render_template("kiosk/waiting.html", words=words_for("sv"), lang="sv")


@bp.route("/hand-over", methods=["GET", "POST"])
@roles_required(Role.ADMIN, Role.COORDINATOR, Role.THERAPIST)
def hand_over():
    form = HandOverForm()
    form.round_unit.choices = _round_unit_choices()
    if form.validate_on_submit():
        round_id, unit_id = (int(part) for part in form.round_unit.data.split(":"))
        survey_round = get_session().get(SurveyRound, round_id)
        token = tickets.sign(tickets.Ticket(
            questionnaire_id=survey_round.questionnaire_id,
            questionnaire_version=survey_round.questionnaire_version,
            unit_id=unit_id, language=form.language.data, mode=form.mode.data,
            round_id=round_id,
        ))
        if form.log_out.data:
            logout_user()
        return redirect(url_for("kiosk.welcome", token=token))
    return render_template("kiosk/hand_over.html", form=form)


def _ticket_or_404(token: str) -> tickets.Ticket:
    ticket = tickets.read(token)
    if ticket is None:
        abort(404)
    return ticket


@bp.get("/t/<token>")
def welcome(token: str):
    """The neutral first screen a client sees; each tap on Start begins a new response."""
    ticket = _ticket_or_404(token)
    questionnaire = get_catalogue().get(ticket.questionnaire_id, ticket.questionnaire_version)
    return render_template("kiosk/welcome.html", token=token, q=questionnaire,
                           lang=ticket.language, words=words_for(ticket.language))


def _render_form(token, ticket, questionnaire, uid, errors=None, given=None, status=200):
    return render_template(
        "kiosk/answer.html", token=token, ticket=ticket, q=questionnaire, uid=uid,
        lang=ticket.language, words=words_for(ticket.language), errors=errors,
        given=given or {}, genders=GENDERS, age_groups=AGE_GROUPS,
    ), status


@bp.get("/t/<token>/answer")
def answer(token: str):
    ticket = _ticket_or_404(token)
    questionnaire = get_catalogue().get(ticket.questionnaire_id, ticket.questionnaire_version)
    return _render_form(token, ticket, questionnaire, uid=str(uuid.uuid4()))


@bp.post("/t/<token>/answer")
def submit_form(token: str):
    """The page's own form post (works without JavaScript)."""
    ticket = _ticket_or_404(token)
    catalogue = get_catalogue()
    questionnaire = catalogue.get(ticket.questionnaire_id, ticket.questionnaire_version)
    given = {item.key: request.form.get(f"item-{item.key}", "") for item in questionnaire.items}
    submission = Submission(
        uid=request.form.get("uid", ""), questionnaire_id=ticket.questionnaire_id,
        questionnaire_version=ticket.questionnaire_version, unit_id=ticket.unit_id,
        round_id=ticket.round_id, session_id=ticket.session_id, language=ticket.language,
        mode=ticket.mode if ticket.mode in COLLECTION_MODES else "", rater=ticket.rater,
        gender=request.form.get("gender") or None, age_group=request.form.get("age_group") or None,
        answers=given,
    )
    db = get_session()
    try:
        record_response(db, catalogue, submission)
    except SubmissionError as error:
        db.rollback()
        return _render_form(token, ticket, questionnaire, submission.uid, errors=str(error),
                            given=given, status=422)
    db.commit()
    return redirect(url_for("kiosk.thanks", token=token if ticket.round_id else None))


@bp.get("/thanks")
def thanks():
    token = request.args.get("token")
    ticket = tickets.read(token) if token else None
    lang = ticket.language if ticket else "sv"
    return render_template("kiosk/thanks.html", token=token if ticket else None,
                           lang=lang, words=words_for(lang))
