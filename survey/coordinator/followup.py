"""A unit's follow-up report (needs, help given, results) with its exports, and the unit's
follow-up settings: the interval, the recorded variables and the measurement plan."""
from __future__ import annotations

from datetime import date

import pandas as pd
from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms.validators import ValidationError

from survey.coordinator import bp
from survey.coordinator.messages import error_text
from survey.domain.schedule import Rule
from survey.domain.variables import DATE, NOT_STATED
from survey.domain.vocabulary import (
    GENDERS,
    INSTRUMENTS,
    MONTHS_AFTER_END,
)
from survey.models import Role, Unit
from survey.operations import ClinicError, set_unit_follow_up
from survey.queries import chosen_scheme, current_variables, opens_every_client, unit_rules
from survey.services.followup import unit_report
from survey.web.db import get_session
from survey.web.downloads import table_download
from survey.web.helpers import commit_audited, get_catalogue, get_or_404
from survey.web.labels import (
    INTERVENTION_LABELS,
    LABELS,
    defined_label,
    hidden_note,
    hidden_text,
    variable_value_label,
)
from survey.web.login import roles_required

# The columns of the raw export: no codes and no free text, only what reports need.
RAW_COLUMNS = ["episode_id", "intervention_type", "opened_on", "closed_on", "close_reason",
               "gender", "age_band", "attended", "missed", "individual", "group", "relatives"]
# The headings of the report's tables, on the page and in the workbook.
DELIVERY_HEADINGS = {
    "intervention_type": _l("Intervention"), "episodes": _l("Episodes"), "closed": _l("Closed"),
    "mean_months": _l("Months (mean, closed)"), "mean_attended": _l("Visits attended (mean)"),
    "mean_missed": _l("Missed (mean)"), "mean_group": _l("Group sessions (mean)"),
    "mean_relatives": _l("Talks with relatives (mean)"), "stopped_coming": _l("Stopped coming")}
GOAL_HEADINGS = {
    "intervention_type": _l("Intervention"), "goals": _l("Goals"),
    "mean_first": _l("First (mean)"), "mean_latest": _l("Latest (mean)"),
    "improved": _l("Improved")}
BY_HEADINGS = {"gender": _l("Episodes by gender"), "age_band": _l("Episodes by age group")}
BY_SHEETS = {"gender": _l("by gender"), "age_band": _l("by age group")}  # sheet names are short


def column_label(by: str, column: str) -> str:
    """A cross-table's column heading: a gender, an age band ("18-29") or "not stated", the
    total."""
    if column == "total":
        return _("Total")
    if by == "gender":
        return LABELS.gender[column]
    return LABELS.defined_value[column] if column == NOT_STATED else column


def _own_unit_or_404(unit_id: int) -> Unit:
    """A coordinator's own unit (others answer 404, as if they did not exist)."""
    unit = get_or_404(Unit, unit_id)
    if unit.id not in current_user.unit_ids:
        abort(404)
    return unit


def _day(name: str) -> date | None:
    try:
        return date.fromisoformat(request.args.get(name, ""))
    except ValueError:
        return None


def _report(unit: Unit):
    """The report over the episodes opened within ``?from=`` and ``?to=`` (ISO dates), if given,
    its age groups in the scheme of ``?ages=`` (the first one if none or unknown); exact for a
    viewer who may open every one of them (the unit's own staff). The report and the schemes."""
    db = get_session()
    scheme, schemes = chosen_scheme(db, request.args.get("ages"))
    return unit_report(db, get_catalogue(), unit, current_app.config["MIN_GROUP_SIZE"], scheme,
                       _day("from"), _day("to"),
                       opens_every_client(db, current_user, unit.id)), scheme, schemes


@bp.get("/units/<int:unit_id>/follow-up")
@roles_required(Role.COORDINATOR)
def unit_follow_up(unit_id: int):
    unit = _own_unit_or_404(unit_id)
    report, scheme, schemes = _report(unit)
    commit_audited(get_session(), "view", "unit", unit.id, "follow-up report")
    return render_template(
        "coordinator/unit_follow_up.html", unit=unit, report=report, genders=GENDERS,
        scheme=scheme, schemes=schemes, scheme_name=defined_label, column_label=column_label,
        min_group=current_app.config["MIN_GROUP_SIZE"], opened_from=_day("from"),
        opened_to=_day("to"), delivery_headings=DELIVERY_HEADINGS, goal_headings=GOAL_HEADINGS,
        by_headings=BY_HEADINGS, value_label=value_label)


def _worded(table: pd.DataFrame, headings: dict) -> pd.DataFrame:
    """A table of the report as a sheet: its intervention types labelled, its columns headed."""
    table = table.assign(intervention_type=[INTERVENTION_LABELS[t] for t in table["intervention_type"]])
    return table.rename(columns={code: str(words) for code, words in headings.items()})


def value_label(report, key: str, code: str) -> str:
    """A code of a cross-table in the words of the newest version that recorded it."""
    return variable_value_label(report.labelled_by.get(key, {}).get(code, report.variables[key]), code)


def _crosstab_sheet(report, key: str, table: pd.DataFrame, by: str, min_group: int) -> pd.DataFrame:
    """A cross-table as a sheet: values and columns labelled, each hidden cell saying why."""
    shown = table.map(lambda cell: hidden_text(min_group, cell) if isinstance(cell, str) else cell)
    shown.index = [value_label(report, key, code) for code in table.index]
    shown.columns = [column_label(by, c) for c in table.columns]
    return shown


@bp.post("/units/<int:unit_id>/follow-up.<any(xlsx, csv):fmt>")
@roles_required(Role.COORDINATOR)
def unit_follow_up_export(unit_id: int, fmt: str):
    """The episode rows (CSV, for raw-data access only), or a workbook with the report's tables
    and (with raw-data access) the rows, their dates as months (XLSX)."""
    db = get_session()
    unit = _own_unit_or_404(unit_id)
    if fmt == "csv" and not current_user.sees_raw_answers:
        abort(403)
    report, scheme, _schemes = _report(unit)
    recorded = [key for key in report.episodes.columns if key not in RAW_COLUMNS]
    raw = report.episodes[RAW_COLUMNS + recorded].copy()
    for column in ("opened_on", "closed_on"):
        raw[column] = [d.strftime("%Y-%m") if d == d and d is not None else None for d in raw[column]]
    for key in recorded:  # a date a variable holds is a month too
        if report.kinds.get(key) == DATE:
            raw[key] = [d[:7] if isinstance(d, str) else None for d in raw[key]]
    commit_audited(db, "export", "unit", unit.id, f"follow-up report {fmt}")
    rows = {_("Raw data"): raw.reset_index(drop=True)} if current_user.sees_raw_answers else {}
    min_group = current_app.config["MIN_GROUP_SIZE"]
    left_after = report.left_after.rename(columns=lambda kind: INTERVENTION_LABELS.get(kind, kind))
    left_after.index.name = _("After visit no.")
    sheets = rows if fmt == "csv" else {
        _("Interventions"): _worded(report.delivery.reset_index(drop=True), DELIVERY_HEADINGS),
        _("Stopped coming"): left_after,
        _("Goals"): _worded(report.goals.reset_index(drop=True), GOAL_HEADINGS),
        **{f"{defined_label(report.variables[key].names)} {BY_SHEETS[by]}":
           _crosstab_sheet(report, key, table, by, min_group)
           for key, tables in report.crosstabs.items() for by, table in tables.items()},
        **rows, _("Hidden figures"): pd.DataFrame({_("Explanation"): [
            hidden_note(min_group), _("Age groups: %(scheme)s (%(bands)s).", scheme=defined_label(
                scheme.names), bands=", ".join(band.code for band in scheme.bands))]})}
    return table_download(sheets, f"follow-up-unit-{unit.id}", fmt)


def _rules_from_form() -> list[Rule]:
    """Checked boxes named ``<instrument>:<point>[:<every>]``; sessions take a number field."""
    rules = []
    for value in request.form.getlist("rule"):
        instrument, _, rest = value.partition(":")
        point, _, every = rest.partition(":")
        if point == "sessions":
            every = request.form.get(f"{instrument}-sessions-every", "")
        if every and not every.isdigit():
            raise ValidationError(_("The number of sessions must be a whole number."))
        rules.append(Rule(instrument, point, int(every) if every else None))
    return rules


@bp.route("/units/<int:unit_id>/follow-up/settings", methods=["GET", "POST"])
@roles_required(Role.COORDINATOR)
def unit_follow_up_settings(unit_id: int):
    db = get_session()
    unit = _own_unit_or_404(unit_id)
    if request.method == "POST":
        months = request.form.get("follow_up_months", "")
        try:
            rules = _rules_from_form()
            set_unit_follow_up(db, unit, int(months) if months.isdigit() else 0,
                               request.form.getlist("variable"), rules)
        except ClinicError as error:
            db.rollback()
            flash(error_text(error), "error")
        except ValidationError as error:
            db.rollback()
            flash(str(error), "error")
        else:
            commit_audited(db, "update", "unit", unit.id, "follow-up settings",
                           message=_("The settings are saved."))
            return redirect(url_for("coordinator.unit_follow_up_settings", unit_id=unit.id))
    rules = unit_rules(db, [unit.id])[unit.id]
    return render_template(
        "coordinator/unit_follow_up_settings.html", unit=unit,
        rules={(r.instrument, r.point, r.every) for r in rules}, instruments=INSTRUMENTS,
        months_after_end=MONTHS_AFTER_END, variables=current_variables(db),
        sessions_every={r.instrument: r.every for r in rules if r.point == "sessions"})
