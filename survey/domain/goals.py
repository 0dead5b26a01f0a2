"""Goal ratings: the tablet questionnaire built from a client's goals, and each goal's ratings
over time compared with the first and the previous rating (pure)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Iterable, Mapping, Sequence

from survey.domain.instruments import Questionnaire

RATERS = ("client", "practitioner")


def goal_item_key(goal_id: int) -> str:
    return f"goal-{goal_id}"


def goal_id_of(item_key: str) -> int | None:
    prefix, _, number = item_key.partition("-")
    return int(number) if prefix == "goal" and number.isdigit() else None


def goals_on(goals: Iterable, day: date) -> list:
    """The goals to rate on a day: added by then and not ended before it."""
    return [g for g in goals if g.added_on <= day and (g.ended_on is None or g.ended_on >= day)]


def goal_questionnaire(base: Questionnaire, goals: Sequence[tuple[int, str]]) -> Questionnaire:
    """``base`` (a goals questionnaire file) with one screen per goal, in the client's words.

    The file's single item gives the pictogram and the 1–5 scale; the goal's wording is shown
    (and read aloud) in every language, as the client said it.
    """
    if not goals:
        raise ValueError("there are no goals to rate")
    template = base.items[0].model_dump()
    items = [{**template, "key": goal_item_key(goal_id),
              "text": {language: wording for language in base.languages}}
             for goal_id, wording in goals]
    return Questionnaire.model_validate({**base.model_dump(), "items": items})


@dataclass(frozen=True)
class FollowUpRef:
    id: int
    kind: str
    held_on: date


@dataclass
class GoalProgress:
    """One goal's ratings per follow-up and rater, with the change against the first and the
    previous rating of each rater."""

    goal_id: int
    wording: str
    active: bool
    ratings: list[dict[str, int | None]] = field(default_factory=list)  # one per follow-up
    change_since_first: dict[str, int | None] = field(default_factory=dict)
    change_since_previous: dict[str, int | None] = field(default_factory=dict)
    latest: dict[str, int | None] = field(default_factory=dict)


def goal_progress(goals: Sequence[tuple[int, str, bool]], follow_ups: Sequence[FollowUpRef],
                  ratings: Mapping[tuple[int, int, str], int | None]) -> list[GoalProgress]:
    """``goals`` as (id, wording, active); ``ratings`` by (follow-up id, goal id, rater)."""
    progress = []
    for goal_id, wording, active in goals:
        row = GoalProgress(goal_id, wording, active)
        for follow_up in follow_ups:
            row.ratings.append({rater: ratings.get((follow_up.id, goal_id, rater))
                                for rater in RATERS})
        for rater in RATERS:
            given = [r[rater] for r in row.ratings if r[rater] is not None]
            row.latest[rater] = given[-1] if given else None
            row.change_since_first[rater] = given[-1] - given[0] if len(given) > 1 else None
            row.change_since_previous[rater] = given[-1] - given[-2] if len(given) > 1 else None
        progress.append(row)
    return progress
