"""Results per therapist, unit and organisation for a period, on screen and as XLSX or CSV."""
from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
from flask import abort, current_app, render_template, request
from flask_login import current_user

from survey.clinic import bp
from survey.models import Role
from survey.queries import Scope
from survey.reporting import DoseTable, ResultTable
from survey.services.feedback import FeedbackResults, feedback_results_of
from survey.web.db import get_session
from survey.web.downloads import table_download
from survey.web.helpers import commit_audited, get_catalogue
from survey.web.labels import (
    DOSE_LABELS,
    GENDER_HEADINGS,
    MEASURE_LABELS,
    RESULT_CONVENTIONS,
    TOO_FEW,
)
from survey.web.login import roles_required

# The n of each share: the episodes with a change, unless named here.
COUNTS_OF_SHARES = {"alliance-share-below": "alliance-sessions"}


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


def _results(scope: Scope, start: date, end: date, without_flagged: bool) -> FeedbackResults:
    return feedback_results_of(get_session(), get_catalogue(), scope, start, end,
                               current_app.config["MIN_GROUP_SIZE"], without_flagged)


def percent(share: float, n: int) -> str:
    """A share as the pages and exports write it: "50 % (n=4)"."""
    return f"{share * 100:.0f} % (n={n})"


def _display_frame(table: ResultTable) -> pd.DataFrame:
    """Labelled figures, shares as percentages with their n, every group under the minimum shown
    as too few."""
    values = table.values
    frame = values.round(2).astype(object)
    counts = [m for m in frame.index if not m.startswith(
        ("mean", "effect", "share", "alliance-mean", "alliance-share", "signals-median"))]
    frame.loc[counts] = frame.loc[counts].map(lambda v: v if v != v else int(v))
    for measure in [m for m in frame.index if m.startswith("share:") or m in COUNTS_OF_SHARES]:
        n = values.loc[COUNTS_OF_SHARES.get(measure, "with-change")]
        frame.loc[measure] = [v if v != v else percent(v, int(c)) for v, c in zip(values.loc[measure], n)]
    for column in table.too_few:
        frame[column] = TOO_FEW
    frame.index = [MEASURE_LABELS[m] for m in frame.index]
    frame.columns = [f"{group} – {GENDER_HEADINGS[gender]}" for group, gender in frame.columns]
    return frame.where(frame.notna(), "")


def _dose_frame(name: str, dose: DoseTable) -> pd.DataFrame:
    """One row per band and group: episodes, mean change and share improved, or too few."""
    rows = []
    for band in dose.values.index:
        for group in dose.values.columns.get_level_values("group").unique():
            cell = dose.values[group].loc[band]
            shown = (band, group) not in dose.too_few
            rows.append({DOSE_LABELS[name]: DOSE_LABELS.get(band, band), "Grupp": group,
                         "Ärenden": int(cell["n"]) if shown else TOO_FEW,
                         "Medelförändring": round(cell["mean-change"], 2) if shown else TOO_FEW,
                         "Säkert förbättrade": percent(cell["share:improved"], int(cell["n"]))
                         if shown else TOO_FEW})
    return pd.DataFrame(rows)


def _notes(start: date, end: date, scope_name: str, without_flagged: bool) -> pd.DataFrame:
    notes = [f"Period {start} – {end}, {scope_name}.",
             "Utan ärenden med varningsflagga." if without_flagged else "Alla ärenden.",
             f"Grupper med färre än {current_app.config['MIN_GROUP_SIZE']} ärenden visas som "
             f"\"{TOO_FEW}\".", *RESULT_CONVENTIONS]
    return pd.DataFrame({"Noter": notes})


@bp.get("/results")
@roles_required(Role.THERAPIST, Role.COORDINATOR)
def results():
    scope, scope_name = _scope()
    start, end = _period()
    without_flagged = request.args.get("flagged") == "without"
    found = _results(scope, start, end, without_flagged)
    return render_template("clinic/results.html", table=found.table, dose=found.dose,
                           genders=GENDER_HEADINGS, scope=scope_name, start=start, end=end,
                           without_flagged=without_flagged, percent=percent,
                           counts_of_shares=COUNTS_OF_SHARES)


@bp.get("/results.<any(xlsx, csv):fmt>")
@roles_required(Role.THERAPIST, Role.COORDINATOR)
def results_export(fmt: str):
    scope, scope_name = _scope()
    start, end = _period()
    without_flagged = request.args.get("flagged") == "without"
    found = _results(scope, start, end, without_flagged)
    frame = _display_frame(found.table)
    frame.index.name = "Mått"
    notes = _notes(start, end, scope_name, without_flagged)
    db = get_session()
    commit_audited(db, "export", "results", None, f"{scope_name} {start}–{end} {fmt}")
    if fmt == "csv":  # one table: the notes follow the figures, in its first column
        column = frame.columns[0] if len(frame.columns) else "Noter"
        frame = pd.concat([frame, pd.DataFrame(index=[f"Not {n}" for n in range(1, len(notes) + 1)],
                                               data={column: notes["Noter"].values})])
        frame.index.name = "Mått"
    sheets = {"Resultat": frame, **{f"Dos {n}": _dose_frame(name, dose)
                                    for n, (name, dose) in enumerate(found.dose.items(), start=1)},
              "Noter": notes}
    return table_download(sheets, f"resultat-{scope_name}-{start}-{end}", fmt)
