"""Results per therapist, unit and organisation for a period, on screen and as XLSX or CSV."""
from __future__ import annotations

import re
from datetime import date, timedelta

import pandas as pd
from flask import abort, current_app, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
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
    hidden_note,
    hidden_text,
)
from survey.web.login import roles_required

# The n of each share: the episodes with a change, unless named here.
COUNTS_OF_SHARES = {"alliance-share-below": "alliance-sessions"}
# How the file's notes name the scope asked for.
SCOPE_NAMES = {"me": _l("my own clients"), "therapists": _l("per therapist"),
               "units": _l("per unit"), "organisation": _l("the whole organisation")}


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
            abort(400, _("Give the period as YYYY, YYYY-Qn or YYYY-MM."))
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
        abort(400, _("Dates are written YYYY-MM-DD."))
    if start > end:
        abort(400, _("The period must start before it ends."))
    return start, end, None


def _results(scope: Scope, start: date, end: date, without_flagged: bool) -> FeedbackResults:
    return feedback_results_of(get_session(), get_catalogue(), scope, start, end,
                               current_app.config["MIN_GROUP_SIZE"], without_flagged)


def percent(share: float, n: int) -> str:
    """A share as the exports write it, the same in every language: "50 % (n=4)"."""
    return f"{share * 100:.0f} % (n={n})"


def _display_frame(table: ResultTable) -> pd.DataFrame:
    """Labelled figures, shares as percentages with their n, every hidden column saying why."""
    values = table.values
    frame = values.round(2).astype(object)
    counts = [m for m in frame.index if not m.startswith(
        ("mean", "effect", "share", "alliance-mean", "alliance-share", "signals-median"))]
    frame.loc[counts] = frame.loc[counts].map(lambda v: v if v != v else int(v))
    for measure in [m for m in frame.index if m.startswith("share:") or m in COUNTS_OF_SHARES]:
        n = values.loc[COUNTS_OF_SHARES.get(measure, "with-change")]
        frame.loc[measure] = [v if v != v else percent(v, int(c)) for v, c in zip(values.loc[measure], n)]
    for column in frame.columns:  # counts as whole numbers (a row written above may upcast them)
        frame[column] = pd.Series([int(v) if m in counts and isinstance(v, float) and v == v
                                   else v for m, v in zip(frame.index, frame[column])],
                                  index=frame.index, dtype=object)
    min_group = current_app.config["MIN_GROUP_SIZE"]
    for column, reason in table.hidden.items():
        frame[column] = hidden_text(min_group, reason)
    frame.index = [MEASURE_LABELS[m] for m in frame.index]
    frame.columns = [f"{group_name(group)} – {GENDER_HEADINGS[gender]}"
                     for group, gender in frame.columns]
    return frame.where(frame.notna(), "")


def _dose_frame(name: str, dose: DoseTable) -> pd.DataFrame:
    """One row per band and group: episodes, mean change and share improved, or why hidden."""
    rows = []
    for band in dose.values.index:
        for group in dose.values.columns.get_level_values("group").unique():
            cell = dose.values[group].loc[band]
            reason = dose.hidden.get((band, group))
            said = hidden_text(current_app.config["MIN_GROUP_SIZE"], reason)
            empty = not reason and int(cell["n"]) == 0  # no episode in the band: nothing to say
            rows.append({DOSE_LABELS[name]: DOSE_LABELS.get(band, band),
                         _("Group"): group_name(group),
                         DOSE_LABELS["n"]: said if reason else int(cell["n"]),
                         DOSE_LABELS["mean-change"]: said if reason else "–" if empty
                         else round(cell["mean-change"], 2),
                         DOSE_LABELS["share:improved"]: said if reason else "–" if empty
                         else percent(cell["share:improved"], int(cell["n"]))})
    return pd.DataFrame(rows)


def _notes(start: date, end: date, scope_name: str, without_flagged: bool) -> pd.DataFrame:
    notes = [_("Period %(start)s – %(end)s, %(scope)s.", start=start, end=end,
               scope=SCOPE_NAMES[scope_name]),
             _("Without episodes with a validity flag.") if without_flagged else _("All episodes."),
             hidden_note(current_app.config["MIN_GROUP_SIZE"]), *map(str, RESULT_CONVENTIONS)]
    return pd.DataFrame({_("Notes"): notes})


def group_name(group: str) -> str:
    """A results column's group: a unit's or therapist's name, or the whole organisation."""
    return _("Whole organisation") if group == "organisation" else group


@bp.get("/results")
@roles_required(Role.THERAPIST, Role.COORDINATOR)
def results():
    scope, scope_name = _scope()
    start, end, period = _period(scope.therapist_id is not None)
    without_flagged = request.args.get("flagged") == "without" and period is None
    found = _results(scope, start, end, without_flagged)
    return render_template("clinic/results.html", table=found.table, dose=found.dose,
                           genders=GENDER_HEADINGS, scope=scope_name, start=start, end=end,
                           period=period, without_flagged=without_flagged,
                           counts_of_shares=COUNTS_OF_SHARES, group_name=group_name)


@bp.post("/results.<any(xlsx, csv):fmt>")
@roles_required(Role.THERAPIST, Role.COORDINATOR)
def results_export(fmt: str):
    scope, scope_name = _scope()
    start, end, period = _period(scope.therapist_id is not None)
    without_flagged = request.args.get("flagged") == "without" and period is None
    found = _results(scope, start, end, without_flagged)
    frame = _display_frame(found.table)
    measure, notes_name = _("Measure"), _("Notes")
    frame.index.name = measure
    notes = _notes(start, end, scope_name, without_flagged)
    db = get_session()
    commit_audited(db, "export", "results", None, f"{scope_name} {start}–{end} {fmt}")
    if fmt == "csv":  # one table: the notes follow the figures, in its first column
        column = frame.columns[0] if len(frame.columns) else notes_name
        index = [_("Note %(number)s", number=n) for n in range(1, len(notes) + 1)]
        frame = pd.concat([frame, pd.DataFrame(index=index,
                                               data={column: notes[notes_name].values})])
        frame.index.name = measure
    sheets = {_("Results"): frame,
              **{_("Dose %(number)s", number=n): _dose_frame(name, dose)
                 for n, (name, dose) in enumerate(found.dose.items(), start=1)},
              notes_name: notes}
    name = _("results-%(scope)s-%(start)s-%(end)s", scope=scope_name, start=start, end=end)
    return table_download(sheets, name, fmt)
