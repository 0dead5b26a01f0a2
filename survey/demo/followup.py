"""Demo data for systematic follow-up: unit settings, plans, goals rated at follow-ups,
missed and group contacts, the values of the starter set's intake variables."""
from __future__ import annotations

import random
import uuid
from datetime import date, timedelta

from sqlalchemy.orm import Session

from survey.domain.instruments import Catalogue
from survey.domain.schedule import Rule, add_months
from survey.domain.variables import ParsedValue
from survey.domain.vocabulary import INTERVENTION_TYPES
from survey.models import Episode, Unit
from survey.operations import (
    Submission,
    add_goal,
    install_starter_set,
    record_contact,
    record_response,
    record_value,
    set_plan,
    set_unit_follow_up,
    start_follow_up,
)
from survey.queries import current_variables

GOALS = ["Sova bättre", "Gå till skolan varje dag", "Bråka mindre hemma", "Träffa vänner",
         "Klara ekonomin", "Minska drickandet", "Känna mig lugnare", "Hitta en sysselsättning"]
RULES = [Rule("goals", "intake"), Rule("outcome", "intake"), Rule("goals", "end"),
         Rule("outcome", "after-end", 3)]


def configure_unit(db: Session, unit: Unit) -> None:
    """The unit records the five variables that were once built in and the starter set's record
    review variables (the starter set installed if the database has none, as a migrated one has)."""
    install_starter_set(db)
    review = [v.key for v in current_variables(db, phases=["review"])]
    set_unit_follow_up(db, unit, 3, ["referral", "housing", "occupation", "end_reason", "bridged",
                                     *review], RULES)


def _rate(db, catalogue, episode, follow_up, rater, ratings) -> None:
    goal = catalogue.latest("goals")[0]
    record_response(db, catalogue, Submission(
        uid=str(uuid.uuid4()), questionnaire_id=goal.id, questionnaire_version=goal.version,
        unit_id=episode.client.unit_id, follow_up_id=follow_up.id, language="sv", mode="self",
        rater=rater, source="tablet" if rater == "client" else "staff", answers=ratings))


def follow_episode(db: Session, catalogue: Catalogue, episode: Episode, last_day: date,
                   rng: random.Random) -> None:
    """Plan, goals, contacts and variables for an episode, with goal follow-ups every three
    months until ``last_day`` (before the episode is closed)."""
    set_plan(db, episode, rng.choice(INTERVENTION_TYPES[:5]), rng.choice([8, 10, 12, 16]),
             rng.choice([3, 6, 9]))
    unit = episode.client.unit
    for variable in current_variables(db, unit, ["intake"]):
        if variable.options:
            code = rng.choice([o.code for o in variable.options])
            record_value(db, episode, variable, ParsedValue(codes=(code,)))
    goals = [add_goal(db, episode, wording, episode.opened_on)
             for wording in rng.sample(GOALS, rng.choice([1, 2, 3]))]
    level = {goal.id: rng.randint(1, 3) for goal in goals}
    day, kind = episode.opened_on, "intake"
    while day <= min(last_day, date.today()):
        follow_up = start_follow_up(db, episode, kind, day)
        for rater in ("client", "practitioner"):
            _rate(db, catalogue, episode, follow_up, rater,
                  {f"goal-{g}": str(min(5, max(1, v + rng.choice([-1, 0, 0, 1])))) for g, v in level.items()})
        level = {g: min(5, v + rng.choice([0, 1, 1])) for g, v in level.items()}
        day, kind = add_months(day, 3), "review"
    for offset in range(rng.randint(0, 3)):
        record_contact(db, episode, min(last_day, episode.opened_on + timedelta(days=7 + offset)),
                       rng.choice(["individual", "individual", "group", "relatives"]),
                       attended=rng.random() < 0.5)
