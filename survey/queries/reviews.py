"""Reads of record reviews: the episodes a new review selects, a unit's reviews with their
progress, one reviewed episode by its place, and where to go on."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from survey.models import Client, Episode, RecordReview, ReviewedEpisode


def selected_episodes(db: Session, unit_id: int, types: Sequence[str] = (),
                      period_from: date | None = None, period_to: date | None = None) -> list[Episode]:
    """The unit's episodes of these intervention types (none: any) that were open at any time
    from ``period_from`` to ``period_to`` (either end may be open), by client code and start."""
    query = (select(Episode).join(Client).where(Client.unit_id == unit_id)
             .order_by(Client.code, Episode.opened_on, Episode.id))
    if types:
        query = query.where(Episode.intervention_type.in_(list(types)))
    if period_to is not None:
        query = query.where(Episode.opened_on <= period_to)
    if period_from is not None:
        query = query.where(Episode.closed_on.is_(None) | (Episode.closed_on >= period_from))
    return list(db.scalars(query))


@dataclass(frozen=True)
class ReviewProgress:
    review: RecordReview
    done: int
    total: int


def unit_reviews(db: Session, unit_ids: Iterable[int]) -> list[ReviewProgress]:
    """The reviews of these units, newest first, each with how many of its episodes are done."""
    counts = (select(ReviewedEpisode.review_id, func.count().label("total"),
                     func.count().filter(ReviewedEpisode.done.is_(True)).label("done"))
              .group_by(ReviewedEpisode.review_id).subquery())
    rows = db.execute(select(RecordReview, counts.c.done, counts.c.total)
                      .join(counts, counts.c.review_id == RecordReview.id)
                      .where(RecordReview.unit_id.in_(list(unit_ids)))
                      .order_by(RecordReview.created_at.desc(), RecordReview.id.desc()))
    return [ReviewProgress(review, done, total) for review, done, total in rows]


def reviewed_episode(db: Session, review_id: int, position: int) -> ReviewedEpisode | None:
    """The review's episode in this place (1, 2 …), with its client."""
    return db.scalar(select(ReviewedEpisode)
                     .where(ReviewedEpisode.review_id == review_id,
                            ReviewedEpisode.position == position)
                     .options(joinedload(ReviewedEpisode.episode).joinedload(Episode.client)))


def next_to_review(db: Session, review_id: int, after: int = 0) -> int | None:
    """The place of the first episode not done after ``after`` (else the first not done at
    all; None when every one is done)."""
    places = list(db.scalars(select(ReviewedEpisode.position)
                             .where(ReviewedEpisode.review_id == review_id,
                                    ReviewedEpisode.done.is_(False))
                             .order_by(ReviewedEpisode.position)))
    return next((p for p in places if p > after), places[0] if places else None)


def review_progress(db: Session, review_id: int) -> tuple[int, int]:
    """How many of the review's episodes are done, of how many."""
    done, total = db.execute(select(func.count().filter(ReviewedEpisode.done.is_(True)), func.count())
                             .where(ReviewedEpisode.review_id == review_id)).one()
    return done, total
