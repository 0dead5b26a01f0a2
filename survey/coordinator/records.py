"""A unit's records from a file: the template (CSV or XLSX, for the unit or one of its open
reviews), the upload (all rows or none, every problem with row and column), the list of
imports and undoing one (confirmed first). The unit's own coordinators and admins."""
from __future__ import annotations

import pandas as pd
from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext, pgettext
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from sqlalchemy import select
from wtforms import SelectField

from survey.coordinator import bp
from survey.coordinator.files import MAX_UPLOAD
from survey.coordinator.messages import error_text, problem_text
from survey.coordinator.views import REPORT_ROLES
from survey.domain.record_file import BASE_COLUMNS, columns
from survey.domain.review_file import REVIEW_COLUMNS, review_columns
from survey.domain.spreadsheet import first_problems
from survey.domain.variables import KINDS_WITH_OPTIONS, NOT_STATED, YES_NO
from survey.domain.vocabulary import CLOSE_REASONS, GENDERS, INTERVENTION_TYPES
from survey.models import RecordImport, RecordReview, Unit
from survey.operations.record_imports import (
    RecordImportError,
    import_records,
    record_variables,
    undo_record_import,
)
from survey.operations.review_imports import import_review_values, review_records
from survey.web.db import get_session
from survey.web.downloads import table_download
from survey.web.helpers import commit_audited, get_or_404
from survey.web.labels import (
    GENDER_LABELS,
    INTERVENTION_LABELS,
    REASON_LABELS,
    defined_label,
    variable_value_label,
)
from survey.web.login import roles_required

# What each base column takes, for the template's sheet of allowed values.
COLUMN_HELP = {
    "client_code": _l("The client's code (never a name or a personal identity number). A code "
                      "the unit has gets a new episode; another makes a new client."),
    "age": _l("Age in whole years at intake (0–120); needed for a new client."),
    "opened_on": _l("Start date, YYYY-MM-DD; without it, the length group is needed."),
    "closed_on": _l("End date, YYYY-MM-DD (empty: still open); needs a close reason."),
    "length_group": _l("Length of intervention in months as the record gives it, e.g. 0-3, "
                       "4-6, 7-12, 13+ (format the column as text)."),
    "therapist": _l("The therapist's username in the unit (%(names)s)."),
}
# A review's file: its records, matched by client code and start date.
REVIEW_HELP = {
    "client_code": _l("The client's code, as the review lists it."),
    "opened_on": _l("The episode's start date, YYYY-MM-DD, as the review lists it; needed when "
                    "the client has several records in the review."),
}


class RecordImportForm(FlaskForm):
    file = FileField(_l("File (CSV or XLSX)"), validators=[FileRequired()])
    review = SelectField(_l("Values for"), choices=[], default="")


def _unit_or_404(unit_id: int) -> Unit:
    """A coordinator's own unit, any unit for an admin (others answer 404)."""
    unit = get_or_404(Unit, unit_id)
    if not current_user.administers and unit.id not in current_user.unit_ids:
        abort(404)
    return unit


def _open_reviews(unit: Unit) -> list[RecordReview]:
    return list(get_session().scalars(select(RecordReview).where(
        RecordReview.unit_id == unit.id, RecordReview.closed_at.is_(None)).order_by(RecordReview.id)))


def _review_of(unit: Unit, review_id: str) -> RecordReview | None:
    """The open review chosen ("": the unit's own variables); another id answers 404."""
    if not review_id:
        return None
    review = next((r for r in _open_reviews(unit) if str(r.id) == review_id), None)
    if review is None:
        abort(404)
    return review


def _words() -> dict[str, dict[str, str]]:
    """The vocabularies' labels in the importer's language, which a file may use for codes."""
    return {"gender": {GENDER_LABELS[c]: c for c in GENDERS},
            "close_reason": {REASON_LABELS[c]: c for c in CLOSE_REASONS},
            "intervention_type": {INTERVENTION_LABELS[c]: c for c in INTERVENTION_TYPES},
            "value": {pgettext("value", "yes"): "yes", pgettext("value", "no"): "no",
                      pgettext("defined_value", NOT_STATED): NOT_STATED}}


def _listed(codes, label) -> str:
    return ", ".join(f"{code} ({label(code)})" for code in codes)


def _base_help(unit: Unit) -> list[tuple[str, str]]:
    therapists = ", ".join(s.username for s in unit.staff if s.runs_sessions)
    vocabularies = {"gender": (GENDERS, GENDER_LABELS), "close_reason": (CLOSE_REASONS, REASON_LABELS),
                    "intervention_type": (INTERVENTION_TYPES, INTERVENTION_LABELS)}
    rows = []
    for name in BASE_COLUMNS:
        if name in vocabularies:
            codes, labels = vocabularies[name]
            rows.append((name, _listed(codes, labels.__getitem__)))
        else:
            rows.append((name, str(COLUMN_HELP[name]) % {"names": therapists}
                         if name in COLUMN_HELP else ""))
    return rows


def _allowed_values(base: list[tuple[str, str]], variables) -> pd.DataFrame:
    """What each column takes: the base columns' help, then each variable's values."""
    rows = list(base)
    for variable in variables:
        if variable.kind in (*KINDS_WITH_OPTIONS, YES_NO):
            codes = [o.code for o in variable.options] if variable.kind != YES_NO else ["yes", "no"]
            allowed = _listed([*codes, NOT_STATED], lambda c: variable_value_label(variable, c))
            if variable.kind == "multi":
                allowed = _("several separated by ;: %(values)s", values=allowed)
        else:
            allowed = _("a value of its kind, or %(not_stated)s",
                        not_stated=variable_value_label(variable, NOT_STATED))
        rows.append((variable.key, f"{defined_label(variable.names)}: {allowed}"))
    return pd.DataFrame(rows, columns=[_("Column"), _("Values")])


@bp.post("/units/<int:unit_id>/records/template.<any(xlsx, csv):fmt>")
@roles_required(*REPORT_ROLES)
def records_template(unit_id: int, fmt: str):
    """The columns a file of the unit's records takes, without an example row (which would be
    imported as a client if left in); a review's lists its records not done, to fill in. The
    workbook adds the allowed values."""
    db = get_session()
    unit = _unit_or_404(unit_id)
    review = _review_of(unit, request.form.get("review", ""))
    if review is None:
        variables = record_variables(db, unit)
        sheet = pd.DataFrame(columns=columns(variables), dtype=str)
        base = _base_help(unit)
    else:
        variables = review.variables
        sheet = pd.DataFrame([(r.client_code, r.opened_on.isoformat(), *[""] * len(variables))
                              for r in review_records(db, review) if not r.done],
                             columns=review_columns(variables), dtype=str)
        base = [(name, str(REVIEW_HELP[name])) for name in REVIEW_COLUMNS]
    name = f"records-unit-{unit.id}" + (f"-review-{review.id}" if review else "")
    return table_download({_("Records"): sheet, _("Allowed values"): _allowed_values(base, variables)},
                          name, fmt)


def _imports(unit: Unit) -> list[RecordImport]:
    return list(get_session().scalars(select(RecordImport).where(RecordImport.unit_id == unit.id)
                                      .order_by(RecordImport.id.desc())))


@bp.route("/units/<int:unit_id>/records/import", methods=["GET", "POST"])
@roles_required(*REPORT_ROLES)
def import_unit_records(unit_id: int):
    """Upload a file of records: every problem listed with row and column, and nothing stored."""
    db = get_session()
    unit = _unit_or_404(unit_id)
    reviews = _open_reviews(unit)
    form = RecordImportForm()
    form.review.choices = [("", _("The unit's variables"))] + [(str(r.id), r.name) for r in reviews]
    problems, more, status = [], 0, 200
    if form.validate_on_submit():
        upload = form.file.data
        content = upload.read(MAX_UPLOAD + 1)
        try:
            if len(content) > MAX_UPLOAD:
                raise RecordImportError("file-too-large", most=MAX_UPLOAD // (1024 * 1024))
            review, filename = _review_of(unit, form.review.data), upload.filename or "upload"
            outcome = (import_records(db, unit, content, filename, current_user, _words())
                       if review is None else
                       import_review_values(db, review, content, filename, current_user, _words()))
        except RecordImportError as error:
            db.rollback()
            problems = [error_text(error)]
            status = {"file-too-large": 413, "already-imported": 409}.get(error.code, 422)
        else:
            if outcome.problems:
                db.rollback()
                shown, more = first_problems(outcome.problems)
                problems, status = [problem_text(p) for p in shown], 422
            else:
                made = (f"{outcome.clients} new clients, {outcome.episodes} episodes" if review is None
                        else f"review {review.id}: {outcome.episodes} records")
                commit_audited(
                    db, "import", "unit", unit.id,
                    f"records of {filename}: {made}, {outcome.values} values "
                    f"(import {outcome.record_import.id})",
                    message=ngettext("%(num)d episode is added.", "%(num)d episodes are added.",
                                     outcome.episodes) if review is None else
                    ngettext("%(num)d record of the review is done.",
                             "%(num)d records of the review are done.", outcome.episodes))
                return redirect(url_for("coordinator.import_unit_records", unit_id=unit.id))
    elif form.is_submitted():
        status = 422
    return render_template("coordinator/records_import.html", unit=unit, form=form,
                           reviews=reviews, problems=problems, more_problems=more,
                           imports=_imports(unit)), status


@bp.route("/units/<int:unit_id>/records/imports/<int:import_id>/undo", methods=["GET", "POST"])
@roles_required(*REPORT_ROLES)
def undo_unit_records(unit_id: int, import_id: int):
    """GET asks for confirmation; POST deletes what the import created (audited)."""
    db = get_session()
    unit = _unit_or_404(unit_id)
    record_import = next((i for i in _imports(unit) if i.id == import_id), None)
    if record_import is None or record_import.undone_at is not None:
        abort(404)
    if request.method == "GET":
        return render_template("coordinator/records_undo.html", unit=unit, record_import=record_import)
    if not FlaskForm().validate_on_submit():
        abort(400)
    filename, review = record_import.filename, record_import.review
    try:
        undone = undo_record_import(db, record_import)
    except RecordImportError as error:
        db.rollback()
        return render_template("coordinator/records_undo.html", unit=unit,
                               record_import=record_import, refusal=error_text(error)), 409
    commit_audited(db, "undo-import", "unit", unit.id,
                   f"records of {filename} (import {import_id}): {undone.clients} clients, "
                   f"{undone.episodes} episodes, {undone.values} values deleted, "
                   f"{undone.records} review records to do again",
                   message=ngettext("%(num)d episode is taken out.", "%(num)d episodes are taken out.",
                                    undone.episodes) if review is None else
                   ngettext("%(num)d record of the review is to be done again.",
                            "%(num)d records of the review are to be done again.", undone.records))
    return redirect(url_for("coordinator.import_unit_records", unit_id=unit.id))
