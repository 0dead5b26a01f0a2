"""Which signals each episode raised, and whether a validity flag marks it, for results pages:
worked out from its scores and kept per episode until a new answer comes in or its unit closes
another episode (which moves the expected trajectory). A results page reads thousands of
episodes; one grouped count query tells which kept ones are still right."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from survey.domain.scoring import SessionScores
from survey.queries import Scope, closed_episodes_stamp, episode_scores, scope_scores, score_stamps

# Reading a scope's every score is cheaper than a long list of episode ids.
MANY = 500


@dataclass(frozen=True)
class EpisodeFacts:
    raised: tuple[tuple[str, int, date], ...] = ()  # code, session number, the session's date
    flagged: bool = False

    def raised_in(self, start: date, end: date) -> set[tuple[str, int]]:
        return {(code, session) for code, session, held_on in self.raised if start <= held_on <= end}


class RaisedCache:
    """``EpisodeFacts`` per episode, kept with the stamp they were worked out at."""

    def __init__(self):
        self._kept: dict[int, tuple[tuple, EpisodeFacts]] = {}

    def facts(self, db: Session, scope: Scope, start: date, end: date, kind_of: dict[str, str],
              judge: Callable[[int, list[SessionScores]], EpisodeFacts]) -> dict[int, EpisodeFacts]:
        """The facts of every episode of the scope and period with a session; ``judge`` works
        them out from an episode's sessions where no kept copy is right."""
        stamps = score_stamps(db, scope, start, end)
        units = {unit: closed_episodes_stamp(db, unit) for unit in {u for u, _ in stamps.values()}}
        stamps = {e: (unit, units[unit], answers) for e, (unit, answers) in stamps.items()}
        missing = [e for e, stamp in stamps.items() if self._kept.get(e, ((),))[0] != stamp]
        if missing:
            scores = (scope_scores(db, scope, start, end, kind_of) if len(missing) > MANY
                      else episode_scores(db, missing, kind_of))
            for e in missing:
                self._kept[e] = (stamps[e], judge(e, scores.get(e, [])))
        return {e: self._kept[e][1] for e in stamps}
