"""Coordinators: survey rounds – create, open and close, follow answers, print codes."""
from __future__ import annotations

from datetime import date

import segno
from flask import abort, current_app, redirect, render_template, request, url_for
from flask_babel import format_decimal, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import DateField, IntegerField, SelectField
from wtforms.validators import DataRequired, NumberRange, Optional

from survey.coordinator import bp
from survey.coordinator.access import own_round_units, require_whole_round
from survey.coordinator.messages import error_text
from survey.models import Role, SurveyRound, Unit
from survey.operations import PlanError, RoundError, RoundPlan, create_round, set_round_status
from survey.services.surveys import (
    progress_rows,
    questionnaire_of,
    text_language,
    units_overview,
)
from survey.web.db import get_session
from survey.web.helpers import (
    commit_audited,
    get_catalogue,
    get_counts_cache,
    get_or_404,
    public_url,
)
from survey.web.i18n import staff_language
from survey.web.login import roles_required

REPORT_ROLES = (Role.COORDINATOR, Role.ADMIN)


class RoundForm(FlaskForm):
    questionnaire = SelectField(_l("Questionnaire"))
    year = IntegerField(_l("Year"), default=lambda: date.today().year,
                        validators=[DataRequired(), NumberRange(2000, 2100)])
    opens_on = DateField(_l("Collection starts"), validators=[Optional()])
    closes_on = DateField(_l("Collection ends"), validators=[Optional()])


def points(change: float) -> str:
    """A change of a share between rounds, signed and with its unit: "+10 procentenheter"."""
    value = round(100 * change)
    return ngettext("%(change)s percentage point", "%(change)s percentage points", abs(value),
                    change=format_decimal(value, format="+#,##0;-#,##0"))


@bp.context_processor
def _words() -> dict:
    """``texts(q)``: the language a page shows a questionnaire's own texts in; ``points``."""
    return {"texts": lambda questionnaire: text_language(questionnaire, staff_language()),
            "points": points}


@bp.get("/")
@roles_required(*REPORT_ROLES)
def index():
    rounds = get_session().scalars(select(SurveyRound).order_by(SurveyRound.year.desc(),
                                                                SurveyRound.id.desc()))
    rounds = [r for r in rounds if current_user.sees_whole_organisation
              or current_user.unit_ids & {ru.unit_id for ru in r.round_units}]
    return render_template("coordinator/index.html", rounds=rounds, catalogue=get_catalogue())


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
    form.questionnaire.choices = [(f"{q.id}@{q.version}", q.title[text_language(q, staff_language())])
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
        except PlanError as error:
            db.rollback()
            errors = [error_text(problem) for problem in error.problems]
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
    require_whole_round(survey_round)
    wanted = request.form.get("status", "")
    if not FlaskForm().validate_on_submit():
        abort(400)
    try:
        set_round_status(db, survey_round, wanted)
    except RoundError:
        abort(400)
    message = _("The round is now open.") if wanted == "open" else _("The round is now closed.")
    commit_audited(db, wanted, "round", survey_round.id, message=message)
    return redirect(url_for("coordinator.round_results", round_id=round_id))


@bp.get("/rounds/<int:round_id>")
@roles_required(*REPORT_ROLES)
def round_results(round_id: int):
    """Answers arriving per unit, and the share positive per question and unit."""
    db = get_session()
    survey_round = get_or_404(SurveyRound, round_id)
    own = own_round_units(survey_round)
    by = "unit_group" if request.args.get("by") == "unit_group" else "unit"
    min_group = current_app.config["MIN_GROUP_SIZE"]
    summary, change = units_overview(db, get_counts_cache(), get_catalogue(), survey_round, by,
                                     min_group)
    cells = {(r.group, r.item_key): r for r in summary.merge(change, on=["group", "item_key"]).itertuples()}
    # A group is shown to those who report on all its units.
    members: dict[str, set[int]] = {}
    for ru in survey_round.round_units:
        members.setdefault(ru.unit.name if by == "unit" else ru.unit.report_group, set()).add(ru.unit_id)
    groups = [g for g in dict.fromkeys(summary["group"])
              if g != "organisation" and current_user.reports_on(members.get(g, {-1}))]
    own_ids = {ru.unit_id for ru in own}
    return render_template(
        "coordinator/round.html", survey_round=survey_round, q=questionnaire_of(get_catalogue(), survey_round),
        progress=[row for row in progress_rows(db, survey_round) if row["unit_id"] in own_ids],
        groups=groups, cells=cells, by=by, min_group=min_group,
        with_organisation=current_user.sees_whole_organisation,
    )


@bp.get("/rounds/<int:round_id>/codes")
@roles_required(*REPORT_ROLES)
def round_codes(round_id: int):
    """A printable sheet per unit: the round code and a QR code that opens it on a tablet."""
    survey_round = get_or_404(SurveyRound, round_id)
    sheets = []
    for ru in own_round_units(survey_round):
        address = public_url("kiosk.code_setup", code=ru.code)
        sheets.append((ru, address and segno.make(address).svg_inline(
            scale=6, title=f"QR {ru.unit.name}")))
    return render_template("coordinator/codes.html", survey_round=survey_round,
                           q=questionnaire_of(get_catalogue(), survey_round), sheets=sheets,
                           base_url_missing=not current_app.config["BASE_URL"])
