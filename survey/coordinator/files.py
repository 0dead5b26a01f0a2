"""Files of a round: the XLSX workbook, raw answers as CSV, the paper template, paper imports."""
from __future__ import annotations

import pandas as pd
from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from sqlalchemy import select

from survey.coordinator import bp
from survey.coordinator.access import own_round_units
from survey.coordinator.messages import error_text, problem_text
from survey.coordinator.views import REPORT_ROLES
from survey.domain.paper_file import PAPER_MODES, template_rows
from survey.domain.spreadsheet import first_problems
from survey.domain.vocabulary import AGE_GROUPS, GENDERS
from survey.models import ImportBatch, Response, Role, SurveyRound
from survey.operations import UndoError, import_paper_answers, undo_import
from survey.operations.errors import OperationError
from survey.reporting.workbook import csv_bytes
from survey.services.surveys import (
    questionnaire_of,
    raw_answer_rows,
    round_workbook,
    text_language,
)
from survey.web.db import get_session
from survey.web.downloads import download, table_download
from survey.web.helpers import commit_audited, get_catalogue, get_counts_cache, get_or_404
from survey.web.i18n import staff_language
from survey.web.login import roles_required

MAX_UPLOAD = 5 * 1024 * 1024


class ImportForm(FlaskForm):
    file = FileField(_l("File (CSV or XLSX)"), validators=[FileRequired()])


def _file_name(survey_round: SurveyRound, kind: str, extension: str) -> str:
    return f"{survey_round.questionnaire_id}-{survey_round.year}-{kind}.{extension}"


@bp.post("/rounds/<int:round_id>/export.<any(xlsx, csv):fmt>")
@roles_required(*REPORT_ROLES)
def export(round_id: int, fmt: str):
    """XLSX for everyone who sees reports (raw sheet only if allowed); CSV is the raw answers."""
    db = get_session()
    survey_round = get_or_404(SurveyRound, round_id)
    units = [ru.unit.name for ru in own_round_units(survey_round)]
    raw = current_user.sees_raw_answers
    if fmt == "csv" and not raw:
        abort(403)
    if fmt == "csv":
        rows = raw_answer_rows(db, get_catalogue(), survey_round, staff_language())
        data = csv_bytes(rows[rows["unit"].isin(units)])
        name = _file_name(survey_round, "raw", "csv")
    else:
        data = round_workbook(db, get_counts_cache(), get_catalogue(), survey_round,
                              current_app.config["MIN_GROUP_SIZE"], raw, units,
                              current_user.sees_whole_organisation, _, staff_language())
        name = _file_name(survey_round, "results", "xlsx")
    commit_audited(db, "export", "round", round_id, f"{fmt}{' with raw answers' if raw else ''}")
    return download(data, name)


@bp.post("/rounds/<int:round_id>/template.xlsx")
@roles_required(Role.COORDINATOR)
def paper_template(round_id: int):
    """An empty sheet with the columns a paper import expects, and the allowed values."""
    survey_round = get_or_404(SurveyRound, round_id)
    questionnaire = questionnaire_of(get_catalogue(), survey_round)
    language = text_language(questionnaire, staff_language())
    units = [ru.unit.name for ru in own_round_units(survey_round)]
    allowed = [("unit", ", ".join(units)),
               ("gender", _("%(values)s (or empty)", values=", ".join(GENDERS))),
               ("age_group", _("%(values)s (or empty)", values=", ".join(AGE_GROUPS))),
               ("mode", ", ".join(dict.fromkeys(PAPER_MODES.values())))]
    for item in questionnaire.items:
        scale = questionnaire.scale_of(item)
        if scale:
            options = ", ".join(f"{o.key} ({o.label[language]})" for o in scale.options)
            allowed.append((item.key, _("%(question)s: %(options)s (empty = no answer)",
                                        question=item.text[language], options=options)))
    values = pd.DataFrame(allowed, columns=[_("Column"), _("Values")])
    return table_download({_("Answers"): template_rows(questionnaire, language, units),
                           _("Allowed values"): values},
                          _file_name(survey_round, "template", "xlsx").removesuffix(".xlsx"),
                          "xlsx")


@bp.route("/rounds/<int:round_id>/import", methods=["GET", "POST"])
@roles_required(Role.COORDINATOR)
def import_paper(round_id: int):
    """Upload paper answers: every problem listed with row and column, and nothing stored."""
    db = get_session()
    survey_round = get_or_404(SurveyRound, round_id)
    own = {ru.unit_id for ru in own_round_units(survey_round)}
    form = ImportForm()
    problems, more, status = [], 0, 200
    if form.validate_on_submit():
        upload = form.file.data
        content = upload.read(MAX_UPLOAD + 1)
        if len(content) > MAX_UPLOAD:
            problems = [error_text(OperationError("file-too-large",
                                                  most=MAX_UPLOAD // (1024 * 1024)))]
            status = 413
        else:
            outcome = import_paper_answers(db, get_catalogue(), survey_round, content,
                                           upload.filename or "upload", current_user, own)
            if outcome.already_imported:
                db.rollback()
                problems, status = [error_text(OperationError("already-imported"))], 409
            elif outcome.problems:
                db.rollback()
                shown, more = first_problems(outcome.problems)
                problems, status = [problem_text(p) for p in shown], 422
            else:
                commit_audited(db, "import", "round", round_id,
                               f"{outcome.stored} paper responses from {upload.filename}",
                               message=ngettext("%(num)d paper answer is added.",
                                                "%(num)d paper answers are added.",
                                                outcome.stored))
                return redirect(url_for("coordinator.round_results", round_id=round_id))
    elif form.is_submitted():
        status = 422
    return render_template("coordinator/import.html", form=form, survey_round=survey_round,
                           q=questionnaire_of(get_catalogue(), survey_round),
                           problems=problems, more_problems=more,
                           batches=_own_batches(survey_round, own)), status


def _own_batches(survey_round: SurveyRound, own: set[int]) -> list[ImportBatch]:
    """The round's imports whose answers are all in the given units, newest first."""
    db = get_session()
    units_of: dict[int, set[int]] = {}
    for batch_id, unit_id in db.execute(select(Response.import_batch_id, Response.unit_id).where(
            Response.round_id == survey_round.id, Response.import_batch_id.is_not(None)).distinct()):
        units_of.setdefault(batch_id, set()).add(unit_id)
    batches = db.scalars(select(ImportBatch).where(ImportBatch.round_id == survey_round.id)
                         .order_by(ImportBatch.id.desc()))
    return [b for b in batches if units_of.get(b.id, set()) <= own]


@bp.post("/rounds/<int:round_id>/imports/<int:batch_id>/undo")
@roles_required(Role.COORDINATOR)
def undo_paper_import(round_id: int, batch_id: int):
    """Take a whole paper import back out while the round is open (audited)."""
    db = get_session()
    survey_round = get_or_404(SurveyRound, round_id)
    own = {ru.unit_id for ru in own_round_units(survey_round)}
    batch = next((b for b in _own_batches(survey_round, own) if b.id == batch_id), None)
    if batch is None:
        abort(404)
    if not FlaskForm().validate_on_submit():
        abort(400)
    try:
        removed = undo_import(db, get_catalogue(), batch, survey_round)
    except UndoError as error:
        db.rollback()
        flash(error_text(error), "error")
    else:
        commit_audited(db, "undo-import", "round", round_id,
                       f"{removed} paper responses of {batch.filename}",
                       message=ngettext("%(num)d paper answer is taken out.",
                                        "%(num)d paper answers are taken out.", removed))
    return redirect(url_for("coordinator.import_paper", round_id=round_id))
