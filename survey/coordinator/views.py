"""Coordinators: survey rounds – create, open and close, follow answers, print codes."""
from __future__ import annotations

from datetime import date

import segno
from flask import abort, current_app, redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import DateField, IntegerField, SelectField
from wtforms.validators import DataRequired, NumberRange, Optional

from survey.coordinator import bp
from survey.models import Role, SurveyRound, Unit
from survey.operations import RoundError, RoundPlan, create_round, set_round_status
from survey.services.surveys import progress_rows, questionnaire_of, units_overview
from survey.web.db import get_session
from survey.web.helpers import commit_audited, get_catalogue, get_counts_cache, get_or_404
from survey.web.labels import ROUND_STATUS_LABELS
from survey.web.login import roles_required

REPORT_ROLES = (Role.COORDINATOR, Role.ADMIN)


class RoundForm(FlaskForm):
    questionnaire = SelectField("Enkät")
    year = IntegerField("År", default=lambda: date.today().year,
                        validators=[DataRequired(), NumberRange(2000, 2100)])
    opens_on = DateField("Insamlingen börjar", validators=[Optional()])
    closes_on = DateField("Insamlingen slutar", validators=[Optional()])


@bp.get("/")
@roles_required(*REPORT_ROLES)
def index():
    rounds = get_session().scalars(select(SurveyRound).order_by(SurveyRound.year.desc(),
                                                                SurveyRound.id.desc()))
    return render_template("coordinator/index.html", rounds=list(rounds), catalogue=get_catalogue())


def _eligible(unit: Unit) -> int | None:
    """How many were asked in the unit, as typed (-1 for anything but a whole number)."""
    typed = request.form.get(f"eligible-{unit.id}", "").strip()
    return None if not typed else int(typed) if typed.isdigit() else -1


@bp.route("/rounds/new", methods=["GET", "POST"])
@roles_required(Role.COORDINATOR)
def new_round():
    """Questionnaire, year, collection period, and per unit how many were asked."""
    db = get_session()
    form = RoundForm()
    form.questionnaire.choices = [(f"{q.id}@{q.version}", q.title["sv"])
                                  for q in get_catalogue().latest("survey")]
    units = list(db.scalars(select(Unit).where(Unit.active).order_by(Unit.name)))
    errors = []
    if form.validate_on_submit():
        questionnaire_id, version = form.questionnaire.data.split("@")
        plan = RoundPlan(get_catalogue().get(questionnaire_id, int(version)), form.year.data,
                         form.opens_on.data, form.closes_on.data,
                         [(unit, _eligible(unit)) for unit in units
                          if request.form.get(f"unit-{unit.id}")])
        try:
            survey_round = create_round(db, plan)
        except RoundError as error:
            db.rollback()
            errors = list(error.args)
        else:
            commit_audited(db, "create", "round", survey_round.id, form.questionnaire.data)
            return redirect(url_for("coordinator.round_results", round_id=survey_round.id))
    return render_template("coordinator/new_round.html", form=form, units=units, errors=errors), (
        422 if form.is_submitted() else 200)


@bp.post("/rounds/<int:round_id>/status")
@roles_required(Role.COORDINATOR)
def set_status(round_id: int):
    db = get_session()
    survey_round = get_or_404(SurveyRound, round_id)
    wanted = request.form.get("status", "")
    if not FlaskForm().validate_on_submit():
        abort(400)
    try:
        set_round_status(db, survey_round, wanted)
    except RoundError:
        abort(400)
    commit_audited(db, wanted, "round", survey_round.id,
                   message=f"Omgången är nu {ROUND_STATUS_LABELS[wanted].lower()}.")
    return redirect(url_for("coordinator.round_results", round_id=round_id))


@bp.get("/rounds/<int:round_id>")
@roles_required(*REPORT_ROLES)
def round_results(round_id: int):
    """Answers arriving per unit, and the share positive per question and unit."""
    db = get_session()
    survey_round = get_or_404(SurveyRound, round_id)
    by = "unit_group" if request.args.get("by") == "unit_group" else "unit"
    min_group = current_app.config["MIN_GROUP_SIZE"]
    summary, change = units_overview(db, get_counts_cache(), get_catalogue(), survey_round, by,
                                     min_group)
    cells = {(r.group, r.item_key): r for r in summary.merge(change, on=["group", "item_key"]).itertuples()}
    groups = [g for g in dict.fromkeys(summary["group"]) if g != "organisation"]
    return render_template(
        "coordinator/round.html", survey_round=survey_round, q=questionnaire_of(get_catalogue(), survey_round),
        progress=progress_rows(db, survey_round), groups=groups, cells=cells, by=by,
        min_group=min_group,
    )


@bp.get("/rounds/<int:round_id>/codes")
@roles_required(*REPORT_ROLES)
def round_codes(round_id: int):
    """A printable sheet per unit: the round code and a QR code that opens it on a tablet."""
    survey_round = get_or_404(SurveyRound, round_id)
    sheets = [
        (ru, segno.make(url_for("kiosk.code_setup", code=ru.code, _external=True))
         .svg_inline(scale=6, title=f"QR {ru.unit.name}"))
        for ru in sorted(survey_round.round_units, key=lambda ru: ru.unit.name)
    ]
    return render_template("coordinator/codes.html", survey_round=survey_round,
                           q=questionnaire_of(get_catalogue(), survey_round), sheets=sheets)
