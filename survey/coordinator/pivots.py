"""Pivot tables: a unit's (its own coordinators, who see them exactly) and the organisation's
(coordinators with organisation-wide results, under the disclosure rule unless they may open
every record), their chart, XLSX and CSV files, a unit's saved pivots, and a unit's raw values
as long rows (raw-data access only). Every view and file is audited."""
from __future__ import annotations

from datetime import date

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from survey.coordinator import bp
from survey.coordinator.messages import error_text
from survey.coordinator.pivot_chart import bar_chart
from survey.coordinator.pivot_sheets import long_sheet, pivot_sheets, pivot_words
from survey.domain.pivots import PERCENTAGES, Period, PivotSpec
from survey.domain.variables import VariableProblem
from survey.models import Role, SavedPivot, Unit
from survey.operations.pivots import PivotError, check_pivot, delete_pivot, save_pivot
from survey.queries import age_schemes, chosen_scheme, current_variables, opens_every_client
from survey.queries.pivots import saved_pivots
from survey.reporting.pivots import ALL
from survey.services.pivots import long_rows, pivot_view
from survey.web.db import get_session
from survey.web.downloads import table_download
from survey.web.helpers import commit_audited, get_or_404, get_pivot_cache
from survey.web.login import roles_required

YEARS_BACK = 6  # the fixed periods offered: this year and the years before it


def _own_unit_or_404(unit_id: int) -> Unit:
    unit = get_or_404(Unit, unit_id)
    if unit.id not in current_user.unit_ids:
        abort(404)
    return unit


def _require_organisation() -> None:
    if not current_user.sees_whole_organisation:
        abort(403)


def _spec() -> PivotSpec:
    """The pivot asked for: a saved one (``?saved=``), else the form's choices."""
    args = request.values
    return PivotSpec(rows=args.get("rows", "gender"), columns=args.get("columns", "age"),
                     scheme=args.get("scheme", "survey"),
                     number_groups=args.get("number_groups") or PivotSpec.number_groups,
                     length_groups=args.get("length_groups") or PivotSpec.length_groups,
                     percentages=tuple(p for p in PERCENTAGES if p in args.getlist("pct")))


def _day(name: str) -> date | None:
    try:
        return date.fromisoformat(request.values.get(name, ""))
    except ValueError:
        return None


def _periods(exact: bool) -> tuple[list[Period], tuple[date, date] | None]:
    """The fixed periods asked for (one, or two side by side), or for an exact viewer any
    dates (``from``, ``to``); anything else as the current year."""
    start, end = _day("from"), _day("to")
    if exact and start and end and start <= end:
        return [], (start, end)
    periods = []
    for name in ("period", "compare"):
        try:
            periods.append(Period.parse(request.values.get(name, "")))
        except VariableProblem:
            continue
    return (list(dict.fromkeys(periods)) or [Period(date.today().year)]), None


def _period_choices() -> list[Period]:
    this_year = date.today().year
    return [Period(y, **kw) for y in range(this_year, this_year - YEARS_BACK, -1)
            for kw in ({}, *({"quarter": q} for q in range(1, 5)), *({"month": m} for m in range(1, 13)))]


def _build(unit: Unit | None):
    """The pivot of a unit (None: the organisation, one of its units shown with ``?unit=``)."""
    db = get_session()
    units = [unit] if unit else list(db.scalars(select(Unit).order_by(Unit.name)))
    known = tuple(u.id for u in units if opens_every_client(db, current_user, u.id))
    exact = len(known) == len(units)
    spec = _spec()
    try:
        check_pivot(db, unit, spec)
    except PivotError as error:
        flash(error_text(error), "error")
        spec = PivotSpec("gender", "age")
    if not exact:
        spec = spec.with_fixed_groups(chosen_scheme(db, None)[0].key)
    periods, span = _periods(exact)
    shown = request.values.get("unit", type=int)
    shown = shown if unit is None and shown in {u.id for u in units} else ALL
    view = pivot_view(db, spec, units, current_app.config["MIN_GROUP_SIZE"], periods=periods,
                      span=span, shown=shown, whole_scope=unit is None, exact=exact,
                      known=known, cache=get_pivot_cache())
    return db, view, units, exact, periods, span, shown


def _page(unit: Unit | None):
    db, view, units, exact, periods, span, shown = _build(unit)
    words = pivot_words(view, units)
    scope = unit.id if unit else None
    commit_audited(db, "view", "unit" if unit else "results", scope, f"pivot {view.spec.rows} x {view.spec.columns}")
    return render_template(
        "coordinator/pivot.html", unit=unit, view=view, words=words, units=units, exact=exact,
        periods=periods, span=span, shown=shown, period_choices=_period_choices(),
        charts=[bar_chart(table) for _, table in view.tables],
        variables=[v for v in current_variables(db, unit) if v.kind != "text"],
        schemes=age_schemes(db), saved=saved_pivots(db, unit.id) if unit else [],
        min_group=current_app.config["MIN_GROUP_SIZE"], exports=_exports(unit))


def _exports(unit: Unit | None) -> dict[str, str]:
    """The addresses of the page's files, with the page's choices."""
    asked = {k: v for k, v in request.args.to_dict(flat=False).items() if k not in ("fmt", "unit_id")}
    if unit is None:
        return {fmt: url_for("coordinator.organisation_pivot_export", fmt=fmt, **asked)
                for fmt in ("xlsx", "csv")}
    return {fmt: url_for("coordinator.unit_pivot_export", unit_id=unit.id, fmt=fmt, **asked)
            for fmt in ("xlsx", "csv")}


def _file(unit: Unit | None, fmt: str):
    db, view, units, exact, periods, span, shown = _build(unit)
    sheets = pivot_sheets(view, pivot_words(view, units), current_app.config["MIN_GROUP_SIZE"], fmt,
                          span)
    commit_audited(db, "export", "unit" if unit else "results", unit.id if unit else None,
                   f"pivot {view.spec.rows} x {view.spec.columns} {fmt}")
    return table_download(sheets, f"pivot-unit-{unit.id}" if unit else "pivot-organisation", fmt)


@bp.get("/units/<int:unit_id>/pivot")
@roles_required(Role.COORDINATOR)
def unit_pivot(unit_id: int):
    unit = _own_unit_or_404(unit_id)
    saved = request.args.get("saved", type=int)
    if saved is not None:
        found = get_or_404(SavedPivot, saved)
        if found.unit_id != unit.id:
            abort(404)
        return redirect(url_for("coordinator.unit_pivot", unit_id=unit.id, **request.args.to_dict()
                                | {k: v for k, v in found.settings.items() if k != "percentages"}
                                | {"pct": found.settings.get("percentages", []), "saved": None}))
    return _page(unit)


@bp.post("/units/<int:unit_id>/pivot.<any(xlsx, csv):fmt>")
@roles_required(Role.COORDINATOR)
def unit_pivot_export(unit_id: int, fmt: str):
    return _file(_own_unit_or_404(unit_id), fmt)


@bp.get("/organisation/pivot")
@roles_required(Role.COORDINATOR)
def organisation_pivot():
    _require_organisation()
    return _page(None)


@bp.post("/organisation/pivot.<any(xlsx, csv):fmt>")
@roles_required(Role.COORDINATOR)
def organisation_pivot_export(fmt: str):
    _require_organisation()
    return _file(None, fmt)


@bp.post("/units/<int:unit_id>/pivots")
@roles_required(Role.COORDINATOR)
def save_unit_pivot(unit_id: int):
    db = get_session()
    unit = _own_unit_or_404(unit_id)
    try:
        saved = save_pivot(db, unit, request.form.get("name", ""), _spec(), current_user)
    except PivotError as error:
        db.rollback()
        flash(error_text(error), "error")
        return redirect(url_for("coordinator.unit_pivot", unit_id=unit.id))
    commit_audited(db, "update", "unit", unit.id, f"saved pivot {saved.id}",
                   message=_("The pivot is saved."))
    return redirect(url_for("coordinator.unit_pivot", unit_id=unit.id, saved=saved.id))


@bp.post("/units/<int:unit_id>/pivots/<int:pivot_id>/delete")
@roles_required(Role.COORDINATOR)
def delete_unit_pivot(unit_id: int, pivot_id: int):
    db = get_session()
    unit = _own_unit_or_404(unit_id)
    saved = get_or_404(SavedPivot, pivot_id)
    if saved.unit_id != unit.id:
        abort(404)
    delete_pivot(db, saved)
    commit_audited(db, "update", "unit", unit.id, f"removed saved pivot {pivot_id}",
                   message=_("The pivot is removed."))
    return redirect(url_for("coordinator.unit_pivot", unit_id=unit.id))


@bp.post("/units/<int:unit_id>/raw-values.<any(xlsx, csv):fmt>")
@roles_required(Role.COORDINATOR)
def unit_raw_values(unit_id: int, fmt: str):
    """One row per client, episode and variable, codes and labels: raw-data access only."""
    db = get_session()
    unit = _own_unit_or_404(unit_id)
    if not current_user.sees_raw_answers:
        abort(403)
    rows, variables = long_rows(db, unit)
    commit_audited(db, "export", "unit", unit.id, f"raw values {fmt}")
    return table_download({_("Raw data"): long_sheet(rows, variables, unit)}, f"values-unit-{unit.id}", fmt)
