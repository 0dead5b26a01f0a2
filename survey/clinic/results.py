"""Results per therapist, unit and organisation for a period, on screen and as XLSX or CSV."""
from __future__ import annotations

import re
from datetime import date, timedelta

import pandas as pd
from flask import abort, current_app, render_template, request
from flask_login import current_user

from survey.clinic import bp
from survey.domain.scoring import AllianceRules, OutcomeRules
from survey.models import Role
from survey.queries import ORGANISATION, Scope, results_frame
from survey.reporting import ResultTable, feedback_results
from survey.reporting.feedback import WHOLE, feedback_pattern
from survey.web.db import get_session
from survey.web.downloads import table_download
from survey.web.helpers import commit_audited, get_catalogue
from survey.web.labels import GENDER_HEADINGS, MEASURE_LABELS, hidden_note, hidden_text
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
    if asked == "organisation" and not current_user.sees_whole_organisation:
        abort(403)
    units = tuple(sorted(current_user.unit_ids))
    return {
        "therapists": (Scope(unit_ids=units, group_by="therapist"), "therapists"),
        "units": (Scope(unit_ids=units, group_by="unit"), "units"),
        "organisation": (Scope(group_by="organisation"), "organisation"),
    }.get(asked, (Scope(unit_ids=units, group_by="unit"), "units"))


PERIOD = re.compile(r"^(\d{4})(?:-(?:Q([1-4])|(0[1-9]|1[0-2])))?$")


def _fixed_period(asked: str | None) -> tuple[date, date, str]:
    """A calendar year ("2026"), quarter ("2026-Q1") or month ("2026-03"); the last whole
    quarter when none is asked. Results of records the viewer cannot open come only so."""
    found = PERIOD.match(asked or "")
    if found is None:
        if asked:
            abort(400, "perioden anges som ÅÅÅÅ, ÅÅÅÅ-Qn eller ÅÅÅÅ-MM")
        today = date.today()
        quarter = (today.month - 1) // 3
        year, quarter = (today.year, quarter) if quarter else (today.year - 1, 4)
        found = PERIOD.match(f"{year}-Q{quarter}")
    year, quarter, month = int(found[1]), found[2], found[3]
    first, months = ((int(month), 1) if month else (3 * int(quarter) - 2, 3) if quarter else (1, 12))
    start = date(year, first, 1)
    after = date(year + (first + months > 12), (first + months - 1) % 12 + 1, 1)
    return start, after - timedelta(days=1), found[0]


def _period(exact: bool) -> tuple[date, date, str | None]:
    """Any from/to for one's own caseload; a fixed period for everyone else."""
    if not exact:
        return _fixed_period(request.args.get("period"))
    try:
        end = date.fromisoformat(request.args.get("to") or date.today().isoformat())
        start = date.fromisoformat(request.args.get("from") or (end - timedelta(days=365)).isoformat())
    except ValueError:
        abort(400, "dates must be YYYY-MM-DD")
    if start > end:
        abort(400, "the period must start before it ends")
    return start, end, None


def _table(scope: Scope, start: date, end: date, min_group: int) -> ResultTable:
    """The scope's results, hidden by the period's pattern: a therapist's own caseload exactly;
    units and the organisation by one pattern over every unit; therapists by one over them and
    their units' sum."""
    catalogue = get_catalogue()
    instruments = catalogue.all()
    outcome_ids = [q.id for q in instruments if q.kind == "outcome"]
    alliance_threshold_of = {q.id: AllianceRules.of(q).total for q in instruments if q.kind == "alliance"}
    rules = {band: OutcomeRules.of(catalogue.for_age_band("outcome", band), band)
             for band in ("child", "youth", "adult")}

    def frame(of: Scope):
        return results_frame(get_session(), of, start, end, outcome_ids, alliance_threshold_of)

    episodes = frame(scope)
    if scope.group_by == "therapist":
        hidden = feedback_pattern(episodes, min_group, exact=scope.therapist_id is not None)
    else:
        pattern = feedback_pattern(frame(Scope(group_by="unit")), min_group)
        hidden = {(ORGANISATION if group == WHOLE else group, gender): reason
                  for (group, gender), reason in pattern.items()}
    return feedback_results(episodes, start, end, rules, hidden)


def _display_frame(table: ResultTable) -> pd.DataFrame:
    """Labelled figures, every hidden column saying why."""
    frame = table.values.round(2).astype(object)
    counts = [m for m in frame.index if not m.startswith(("mean", "effect", "share", "alliance-"))]
    frame.loc[counts] = frame.loc[counts].map(lambda v: v if v != v else int(v))
    min_group = current_app.config["MIN_GROUP_SIZE"]
    for column, reason in table.hidden.items():
        frame[column] = hidden_text(min_group, reason)
    frame.index = [MEASURE_LABELS[m] for m in frame.index]
    frame.columns = [f"{group} – {GENDER_HEADINGS[gender]}" for group, gender in frame.columns]
    return frame.where(frame.notna(), "")


@bp.get("/results")
@roles_required(Role.THERAPIST, Role.COORDINATOR)
def results():
    scope, scope_name = _scope()
    start, end, period = _period(scope.therapist_id is not None)
    table = _table(scope, start, end, current_app.config["MIN_GROUP_SIZE"])
    return render_template("clinic/results.html", table=table, genders=GENDER_HEADINGS,
                           scope=scope_name, start=start, end=end, period=period)


@bp.post("/results.<any(xlsx, csv):fmt>")
@roles_required(Role.THERAPIST, Role.COORDINATOR)
def results_export(fmt: str):
    scope, scope_name = _scope()
    start, end, _ = _period(scope.therapist_id is not None)
    frame = _display_frame(_table(scope, start, end, current_app.config["MIN_GROUP_SIZE"]))
    db = get_session()
    commit_audited(db, "export", "results", None, f"{scope_name} {start}–{end} {fmt}")
    frame.index.name = "Mått"
    note = pd.DataFrame({"Förklaring": [hidden_note(current_app.config["MIN_GROUP_SIZE"])]})
    return table_download({"Resultat": frame, "Dolda siffror": note}, f"resultat-{scope_name}-{start}-{end}", fmt)
