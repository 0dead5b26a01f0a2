"""Results per therapist, unit and organisation for a period, on screen and as XLSX or CSV."""
from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
from flask import abort, current_app, render_template, request
from flask_login import current_user

from survey.clinic import bp
from survey.domain.scoring import AllianceRules, OutcomeRules
from survey.models import Role
from survey.queries import Scope, results_frame
from survey.reporting import ResultTable, feedback_results
from survey.web.db import get_session
from survey.web.downloads import table_download
from survey.web.helpers import commit_audited, get_catalogue
from survey.web.labels import GENDER_HEADINGS, MEASURE_LABELS, TOO_FEW
from survey.web.login import roles_required


def _scope() -> tuple[Scope, str]:
    """The scope asked for, if this user may see it: own, a unit's therapists, units, all."""
    asked = request.args.get("scope", "me")
    if current_user.role is Role.THERAPIST:
        if asked != "me":
            abort(403)
        return Scope(therapist_id=current_user.id, group_by="therapist"), "me"
    if current_user.role is not Role.COORDINATOR:
        abort(403)
    units = tuple(sorted(current_user.unit_ids))
    return {
        "therapists": (Scope(unit_ids=units, group_by="therapist"), "therapists"),
        "units": (Scope(unit_ids=units, group_by="unit"), "units"),
        "organisation": (Scope(group_by="organisation"), "organisation"),
    }.get(asked, (Scope(unit_ids=units, group_by="unit"), "units"))


def _period() -> tuple[date, date]:
    try:
        end = date.fromisoformat(request.args.get("to") or date.today().isoformat())
        start = date.fromisoformat(request.args.get("from") or (end - timedelta(days=365)).isoformat())
    except ValueError:
        abort(400, "dates must be YYYY-MM-DD")
    if start > end:
        abort(400, "the period must start before it ends")
    return start, end


def _table(scope: Scope, start: date, end: date, min_group: int) -> ResultTable:
    catalogue = get_catalogue()
    instruments = catalogue.all()
    outcome_ids = [q.id for q in instruments if q.kind == "outcome"]
    alliance_threshold_of = {q.id: AllianceRules.of(q).total for q in instruments if q.kind == "alliance"}
    rules = {band: OutcomeRules.of(catalogue.for_age_band("outcome", band), band)
             for band in ("child", "youth", "adult")}
    episodes = results_frame(get_session(), scope, start, end, outcome_ids, alliance_threshold_of)
    return feedback_results(episodes, start, end, rules, min_group)


def _display_frame(table: ResultTable) -> pd.DataFrame:
    """Labelled figures, with every group under the minimum shown as too few."""
    frame = table.values.round(2).astype(object)
    counts = [m for m in frame.index if not m.startswith(("mean", "effect", "share", "alliance-"))]
    frame.loc[counts] = frame.loc[counts].map(lambda v: v if v != v else int(v))
    for column in table.too_few:
        frame[column] = TOO_FEW
    frame.index = [MEASURE_LABELS[m] for m in frame.index]
    frame.columns = [f"{group} – {GENDER_HEADINGS[gender]}" for group, gender in frame.columns]
    return frame.where(frame.notna(), "")


@bp.get("/results")
@roles_required(Role.THERAPIST, Role.COORDINATOR)
def results():
    scope, scope_name = _scope()
    start, end = _period()
    table = _table(scope, start, end, current_app.config["MIN_GROUP_SIZE"])
    return render_template("clinic/results.html", table=table, genders=GENDER_HEADINGS,
                           scope=scope_name, start=start, end=end)


@bp.post("/results.<any(xlsx, csv):fmt>")
@roles_required(Role.THERAPIST, Role.COORDINATOR)
def results_export(fmt: str):
    scope, scope_name = _scope()
    start, end = _period()
    frame = _display_frame(_table(scope, start, end, current_app.config["MIN_GROUP_SIZE"]))
    db = get_session()
    commit_audited(db, "export", "results", None, f"{scope_name} {start}–{end} {fmt}")
    frame.index.name = "Mått"
    return table_download({"Resultat": frame}, f"resultat-{scope_name}-{start}-{end}", fmt)
