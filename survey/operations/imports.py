"""Importing paper answers: all rows or none, and never the same file twice."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from survey.domain.instruments import Catalogue
from survey.domain.paper_file import form_uid, parse_paper_file, row_uid
from survey.domain.spreadsheet import ImportProblem
from survey.models import ImportBatch, Response, RoundStatus, StaffUser, SurveyRound
from survey.operations.errors import OperationError
from survey.operations.responses import Submission, SubmissionError, record_response
from survey.operations.tallies import count_responses


@dataclass(frozen=True)
class ImportOutcome:
    stored: int
    problems: list[ImportProblem]
    already_imported: bool = False


def import_paper_answers(db: Session, catalogue: Catalogue, survey_round: SurveyRound,
                         content: bytes, filename: str, staff: StaffUser | None,
                         unit_ids: set[int] | None = None) -> ImportOutcome:
    """Check the whole file, then store every row; on any problem store nothing (flushes only).

    ``unit_ids``: the units the importer may add answers to (None: every unit of the round); a
    row for another unit is a problem, as an unknown unit is."""
    questionnaire = catalogue.get(survey_round.questionnaire_id, survey_round.questionnaire_version)
    units = {ru.unit.name: ru.unit_id for ru in survey_round.round_units
             if unit_ids is None or ru.unit_id in unit_ids}
    if survey_round.status is not RoundStatus.OPEN:
        return ImportOutcome(0, [ImportProblem(None, None, "round-not-open")])
    parsed = parse_paper_file(content, filename, questionnaire, units)
    if parsed.problems:
        return ImportOutcome(0, parsed.problems)
    if db.scalar(select(ImportBatch.id).where(ImportBatch.round_id == survey_round.id,
                                              ImportBatch.sha256 == parsed.sha256)):
        return ImportOutcome(0, [], already_imported=True)
    batch = ImportBatch(round_id=survey_round.id, sha256=parsed.sha256, filename=filename[:200],
                        rows=len(parsed.rows), staff_id=staff.id if staff else None)
    db.add(batch)
    db.flush()
    problems = []
    for row in parsed.rows:
        try:
            record_response(db, catalogue, Submission(
                uid=(form_uid(survey_round.id, row.unit_id, row.form) if row.form
                     else row_uid(parsed.sha256, row.row)),
                questionnaire_id=questionnaire.id,
                questionnaire_version=questionnaire.version, unit_id=row.unit_id,
                round_id=survey_round.id, language=questionnaire.languages[0], mode=row.mode,
                gender=row.gender, age_group=row.age_group, source="paper", answers=row.answers,
                import_batch_id=batch.id), tally=False)
        except SubmissionError as error:
            problems.append(ImportProblem(row.row, None, "refused-row", {"reason": str(error)}))
    if problems:
        return ImportOutcome(0, problems)
    count_responses(db, survey_round.id, questionnaire.dont_know_keys, _batch_responses(batch))
    db.flush()
    return ImportOutcome(len(parsed.rows), [])


class UndoError(OperationError):
    """An import that cannot be undone (its round is not open)."""


def _batch_responses(batch: ImportBatch):
    return select(Response.id).where(Response.import_batch_id == batch.id)


def undo_import(db: Session, catalogue: Catalogue, batch: ImportBatch,
                survey_round: SurveyRound) -> int:
    """Remove every response of one import (and its answers, and their counts from the
    round's tallies) while the round is open, so the same file can be imported again; how many
    responses went (flushes only)."""
    if survey_round.status is not RoundStatus.OPEN:
        raise UndoError("undo-closed-round")
    questionnaire = catalogue.get(survey_round.questionnaire_id, survey_round.questionnaire_version)
    count_responses(db, survey_round.id, questionnaire.dont_know_keys, _batch_responses(batch),
                    sign=-1)
    removed = db.execute(delete(Response).where(Response.import_batch_id == batch.id)).rowcount
    db.delete(batch)
    db.flush()
    return removed
