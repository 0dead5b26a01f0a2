"""Record reviews: opening one over a unit's episodes (selected then and kept), recording one
episode's review values (all or none) and marking it done, closing and reopening. Nothing here
makes a follow-up or a measurement point: a review records values, no schedule. Refusals are
``ReviewError`` codes."""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date

from sqlalchemy.orm import Session

from survey.domain.vocabulary import INTERVENTION_TYPES
from survey.models import RecordReview, ReviewedEpisode, StaffUser, Unit
from survey.models.base import utcnow
from survey.operations.errors import OperationError
from survey.operations.variables import VariableError, parsed, record_value
from survey.queries.reviews import selected_episodes
from survey.queries.variables import current_variables

REVIEW_PHASE = "review"
MAX_NAME = 120


class ReviewError(OperationError):
    """A review that cannot be opened or recorded in. ``review-values`` carries ``problems``:
    each refused value's ``VariableError`` by variable key."""


def open_review(db: Session, unit: Unit, name: str, staff: StaffUser, *,
                types: Sequence[str] = (), period_from: date | None = None,
                period_to: date | None = None,
                variable_keys: Iterable[str] | None = None) -> RecordReview:
    """A review of the unit's episodes of ``types`` (none: any) open at any time in the period
    (no dates: every episode), recording the unit's current review variables (or those of
    them named by ``variable_keys``)."""
    name = (name or "").strip()
    if not name or len(name) > MAX_NAME:
        raise ReviewError("review-name", most=MAX_NAME)
    unknown = [code for code in types if code not in INTERVENTION_TYPES]
    if unknown:
        raise ReviewError("review-intervention", value=unknown[0])
    if period_from and period_to and period_to < period_from:
        raise ReviewError("review-period")
    offered = current_variables(db, unit, phases=[REVIEW_PHASE])
    if variable_keys is not None:
        keys = set(variable_keys)
        if keys - {v.key for v in offered}:
            raise ReviewError("review-unknown-variable")
        offered = [v for v in offered if v.key in keys]
    if not offered:
        raise ReviewError("review-no-variables")
    episodes = selected_episodes(db, unit.id, types, period_from, period_to)
    if not episodes:
        raise ReviewError("review-no-episodes")
    review = RecordReview(unit_id=unit.id, name=name, created_by=staff.id,
                          intervention_types=",".join(types), period_from=period_from,
                          period_to=period_to, variables=offered,
                          episodes=[ReviewedEpisode(episode_id=e.id, position=place)
                                    for place, e in enumerate(episodes, start=1)])
    db.add(review)
    db.flush()
    return review


def record_episode(db: Session, entry: ReviewedEpisode,
                   given: Mapping[str, str | Sequence[str] | None], staff: StaffUser) -> None:
    """Every review variable's value for the episode as given (empty: not stated), stored with
    the review, and the episode marked done; or, if any value is refused, nothing."""
    review = entry.review
    if review.closed_at is not None:
        raise ReviewError("review-closed")
    values, problems = {}, {}
    for variable in review.variables:
        try:
            values[variable.key] = (variable, parsed(variable, given.get(variable.key)))
        except VariableError as problem:
            problems[variable.key] = problem
    if problems:
        raise ReviewError("review-values", problems=problems)
    for variable, value in values.values():
        record_value(db, entry.episode, variable, value, staff_id=staff.id, review_id=review.id)
    entry.done, entry.reviewed_at, entry.reviewed_by = True, utcnow(), staff.id
    db.flush()


def set_review_closed(db: Session, review: RecordReview, closed: bool) -> None:
    """Close a review (nothing more is recorded in it) or open it again."""
    review.closed_at = (review.closed_at or utcnow()) if closed else None
    db.flush()
