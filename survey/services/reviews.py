"""One screen of a record review: the episode in that place, its client, the review's variables
and what this review recorded for it so far, and the review's progress."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from survey.domain.variables import KINDS_WITH_OPTIONS, YES_NO
from survey.models import RecordedValue, RecordReview, ReviewedEpisode, Variable
from survey.queries.reviews import review_progress, reviewed_episode
from survey.queries.variables import episode_values, spec_of

CHOSEN_KINDS = (*KINDS_WITH_OPTIONS, YES_NO)  # chosen among values, by number keys


@dataclass(frozen=True)
class ReviewScreen:
    review: RecordReview
    entry: ReviewedEpisode
    variables: list[Variable]
    codes: dict[str, tuple[str, ...]]  # key -> the values to choose from, "not stated" last
    given: dict[str, list[str]]  # variable key -> the values as a form holds them
    done: int
    total: int


def given_values(rows: dict[str, list[RecordedValue]]) -> dict[str, list[str]]:
    """Stored values as a form gives them back: codes, a number, an ISO date or a text."""
    given = {}
    for key, found in rows.items():
        given[key] = [row.option_code if row.option_code is not None
                      else f"{row.number:g}" if row.number is not None
                      else row.day.isoformat() if row.day is not None
                      else row.text or "" for row in found]
    return given


def review_screen(db: Session, review: RecordReview, position: int) -> ReviewScreen | None:
    """The screen of the review's episode in ``position`` (None: no such place)."""
    entry = reviewed_episode(db, review.id, position)
    if entry is None:
        return None
    done, total = review_progress(db, review.id)
    stored = given_values(episode_values(db, entry.episode_id, review.id))
    codes = {v.key: spec_of(v).codes for v in review.variables if v.kind in CHOSEN_KINDS}
    return ReviewScreen(review, entry, review.variables, codes, stored, done, total)
