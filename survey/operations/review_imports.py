"""A file of an open review's values recorded on the review's own records: all rows or none,
each value stored with the review (as ``reviews.record_episode`` stores it) and the import, each
record marked done. No client or episode is made; ``record_imports.undo_record_import`` takes
the values out again and leaves those records to be done."""
from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from survey.domain.review_file import ReviewRecord, parse_review_values
from survey.models import Client, Episode, RecordReview, ReviewedEpisode, StaffUser
from survey.models.base import utcnow
from survey.operations.record_imports import (
    RecordImportError,
    RecordImportOutcome,
    insert_values,
    new_import,
    refuse_same_file,
    value_tuples,
)
from survey.queries.variables import spec_of


def review_records(db: Session, review: RecordReview) -> list[ReviewRecord]:
    """The review's records in their places: episode, client code, start, whether done."""
    rows = db.execute(select(Episode.id, Client.code, Episode.opened_on, ReviewedEpisode.done)
                      .join(Episode, Episode.id == ReviewedEpisode.episode_id)
                      .join(Client, Client.id == Episode.client_id)
                      .where(ReviewedEpisode.review_id == review.id)
                      .order_by(ReviewedEpisode.position))
    return [ReviewRecord(*row) for row in rows]


def import_review_values(db: Session, review: RecordReview, content: bytes, filename: str,
                         staff: StaffUser | None,
                         words: Mapping[str, Mapping[str, str]]) -> RecordImportOutcome:
    """Check the whole file against the review's records, then store every row's values and
    mark the records done (flushes only); on any problem nothing is stored."""
    if review.closed_at is not None:
        raise RecordImportError("review-not-open")
    parsed = parse_review_values(content, filename, [spec_of(v) for v in review.variables],
                                 review_records(db, review), words)
    refuse_same_file(db, review.unit_id, parsed.sha256)
    if parsed.problems:
        return RecordImportOutcome(parsed.problems)
    record_import = new_import(db, review.unit_id, parsed.sha256, filename, len(parsed.rows), staff,
                               review)
    common = dict(staff_id=None, review_id=review.id, record_import_id=record_import.id)
    values = value_tuples(parsed.rows, [row.episode_id for row in parsed.rows],
                          {v.key: v for v in review.variables}, common)
    insert_values(db, values)
    db.execute(update(ReviewedEpisode)
               .where(ReviewedEpisode.review_id == review.id,
                      ReviewedEpisode.episode_id.in_([row.episode_id for row in parsed.rows]))
               .values(done=True, reviewed_at=utcnow(), reviewed_by=staff.id if staff else None)
               .execution_options(synchronize_session=False))
    db.flush()
    return RecordImportOutcome([], record_import, episodes=len(parsed.rows), values=len(values))
