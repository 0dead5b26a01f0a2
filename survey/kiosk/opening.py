"""How a questionnaire reaches the tablet: the neutral start screen, a round code typed or
scanned (the assistant picks mode, level and language), and a staff member's hand-over."""
from __future__ import annotations

import re

from flask import redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, logout_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import BooleanField, SelectField
from wtforms.fields.choices import SelectChoice

from survey.domain.client_words import LANGUAGE_NAMES, direction, words_for
from survey.domain.instruments import Questionnaire
from survey.kiosk import bp
from survey.models import Role, RoundStatus, RoundUnit, SurveyRound
from survey.web import tickets
from survey.web.db import get_session
from survey.web.hand_over import tablet_options
from survey.web.helpers import get_catalogue
from survey.web.i18n import staff_language
from survey.web.login import roles_required
from survey.web.security import count_against_limit, refused, within_limit
from survey.web.translation_status import round_translations

# The user survey is answered by the client, alone or helped; nobody answers for them.
SURVEY_MODES = ("self", "read-aloud", "interview")
LEVELS = ("pictures", "text")


class HandOverForm(FlaskForm):
    round_unit = SelectField(_l("Survey and unit"))
    mode = SelectField(_l("How does the client answer?"), choices=[
        SelectChoice("self", _l("On their own")),
        SelectChoice("read-aloud", _l("With support who reads aloud")),
        SelectChoice("interview", _l("Interview")),
    ])
    level = SelectField(_l("Show"), choices=[SelectChoice("pictures", _l("Pictures and text")),
                                             SelectChoice("text", _l("Text only"))])
    # The client languages, each named in itself and written its own way.
    language = SelectField(_l("Language"), choices=[
        SelectChoice(k, v, render_kw={"lang": k, "dir": direction(k)})
        for k, v in LANGUAGE_NAMES.items()])
    log_out = BooleanField(_l("Log me out of the tablet"), default=True)


def _round_questionnaire(ru: RoundUnit) -> Questionnaire:
    return get_catalogue().get(ru.survey_round.questionnaire_id,
                               ru.survey_round.questionnaire_version)


def _round_unit_choices() -> list[SelectChoice]:
    query = (select(RoundUnit).join(SurveyRound)
             .where(SurveyRound.status == RoundStatus.OPEN)
             .order_by(SurveyRound.year.desc(), RoundUnit.unit_id))
    if current_user.role is not Role.ADMIN:
        query = query.where(RoundUnit.unit_id.in_(current_user.unit_ids))
    choices = []
    for ru in get_session().scalars(query):
        title = _round_questionnaire(ru).title
        title = title.get(staff_language()) or next(iter(title.values()))
        choices.append(SelectChoice(f"{ru.round_id}:{ru.unit_id}",
                                    f"{ru.survey_round.year} {title} – {ru.unit.name}"))
    return choices


def _round_ticket(ru: RoundUnit, mode: str, level: str, language: str,
                  options: dict[str, object], hand_back: bool = False) -> str:
    questionnaire = _round_questionnaire(ru)
    if language not in questionnaire.languages:
        language = questionnaire.languages[0]
    return tickets.sign(tickets.Ticket(
        questionnaire_id=questionnaire.id, questionnaire_version=questionnaire.version,
        unit_id=ru.unit_id, round_id=ru.round_id, language=language, mode=mode, level=level,
        hand_back=hand_back, **options,
    ))


@bp.get("/")
def start():
    """The neutral screen: waiting for staff, or a round code typed or scanned."""
    return render_template("kiosk/start.html", lang="sv", words=words_for("sv"),
                           unknown=request.args.get("unknown") == "1")


def _open_round_unit(code: str) -> RoundUnit | None:
    """The open round unit of a code; a wrong code counts against the address's limit."""
    code = re.sub(r"[^A-Z0-9]", "", code.upper())
    found = get_session().scalar(select(RoundUnit).where(RoundUnit.code == code))
    if found is None or found.survey_round.status is not RoundStatus.OPEN:
        count_against_limit("CODE_LIMIT", "round-code", request.remote_addr or "")
        return None
    return found


def _too_many_codes():
    """Guessing codes is limited per address: the start screen says to wait (HTTP 429)."""
    if within_limit("CODE_LIMIT", "round-code", request.remote_addr or ""):
        return None
    refused("round-code")
    return render_template("kiosk/start.html", lang="sv", words=words_for("sv"),
                           too_many=True), 429


@bp.get("/code")
def code_entry():
    """The start screen's code form (GET: nothing is stored until a client answers)."""
    refusal = _too_many_codes()
    if refusal:
        return refusal
    ru = _open_round_unit(request.args.get("code", ""))
    if ru is None:
        return redirect(url_for("kiosk.start", unknown=1))
    return redirect(url_for("kiosk.code_setup", code=ru.code))


@bp.get("/code/<code>")
def code_setup(code: str):
    """Where a round code or QR code leads: the assistant picks mode, level and language."""
    refusal = _too_many_codes()
    if refusal:
        return refusal
    ru = _open_round_unit(code)
    if ru is None:
        return redirect(url_for("kiosk.start", unknown=1))
    mode, level = request.args.get("mode"), request.args.get("level")
    language = request.args.get("lang", "sv")
    if mode in SURVEY_MODES and level in LEVELS:
        token = _round_ticket(ru, mode, level, language, tablet_options(request.args))
        return redirect(url_for("kiosk.welcome", token=token))
    questionnaire = _round_questionnaire(ru)
    lang = language if language in questionnaire.languages else questionnaire.languages[0]
    return render_template("kiosk/setup.html", ru=ru, q=questionnaire, lang=lang,
                           words=words_for(lang), modes=SURVEY_MODES, levels=LEVELS,
                           language_names=LANGUAGE_NAMES)


@bp.route("/hand-over", methods=["GET", "POST"])
@roles_required(Role.ADMIN, Role.COORDINATOR, Role.THERAPIST)
def hand_over():
    form = HandOverForm()
    form.round_unit.choices = _round_unit_choices()
    if form.validate_on_submit():
        round_id, unit_id = (int(part) for part in form.round_unit.data.split(":"))
        ru = get_session().get(RoundUnit, (round_id, unit_id))
        token = _round_ticket(ru, form.mode.data, form.level.data, form.language.data,
                              tablet_options(request.form), hand_back=True)
        if form.log_out.data:
            logout_user()
        return redirect(url_for("kiosk.welcome", token=token))
    return render_template("kiosk/hand_over.html", form=form,
                           unreviewed=round_translations(c.value for c in form.round_unit.choices))
