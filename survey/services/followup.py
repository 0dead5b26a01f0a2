"""A client's follow-up picture (goals over time, planned against delivered help, measurement
points), the due list of a therapist's start page, and a unit's follow-up report.

Brings together the database reads, the unit's settings and the pure follow-up rules; no Flask.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from survey.domain.age_schemes import AgeScheme
from survey.domain.goals import FollowUpRef, GoalProgress, goal_progress
from survey.domain.instruments import Catalogue
from survey.domain.schedule import EpisodeFacts, Point, measurement_points
from survey.domain.variables import CHOICE, NOT_STATED, YES_NO
from survey.domain.vocabulary import GENDERS
from survey.models import Client, Episode, Unit, Variable
from survey.queries import (
    age_bands,
    code_versions,
    current_variables,
    episode_ages,
    follow_up_languages,
    goal_ratings,
    measured_dates,
    spec_of,
    unit_episodes,
    unit_goal_ratings,
    unit_rules,
)
from survey.queries.followup import EPISODE_COLUMNS
from survey.queries.pivots import newest_variables
from survey.reporting.followup import (
    DAYS_PER_MONTH,
    delivery_by_type,
    goal_results,
    left_after_session,
    variable_crosstab,
)

MEASURED_KINDS = ("outcome", "alliance", "goals")


@dataclass(frozen=True)
class Delivered:
    attended: int
    missed: int
    individual: int
    group: int
    relatives: int
    months: float  # from the start to the end, or to today while open


@dataclass(frozen=True)
class EpisodeFollowUp:
    episode: Episode
    follow_ups: list[FollowUpRef]
    goals: list[GoalProgress]
    delivered: Delivered
    points: list[Point]
    # Per follow-up id: the languages answered in there that nobody has reviewed.
    unreviewed: dict[int, tuple[str, ...]] = field(default_factory=dict)


def _delivered(episode: Episode, today: date) -> Delivered:
    held = [c for c in episode.contacts if c.attended]
    kinds = {kind: sum(1 for c in held if c.kind == kind) for kind in ("individual", "group", "relatives")}
    months = ((episode.closed_on or today) - episode.opened_on).days / DAYS_PER_MONTH
    return Delivered(len(held), len(episode.contacts) - len(held), months=round(months, 1), **kinds)


def _facts(episode: Episode, unit: Unit, measured: dict[str, list[date]]) -> EpisodeFacts:
    return EpisodeFacts(
        opened_on=episode.opened_on, closed_on=episode.closed_on,
        session_dates=[s.held_on for s in episode.sessions],
        reviews_held=sum(1 for f in episode.follow_ups if f.kind == "review"),
        follow_up_months=unit.follow_up_months, measured=measured)


def client_follow_up(db: Session, catalogue: Catalogue, client: Client,
                     today: date) -> list[EpisodeFollowUp]:
    """Every episode of a client, newest first: goals, help given and measurement points."""
    episodes = sorted(client.episodes, key=lambda e: e.opened_on, reverse=True)
    refs = {e.id: [FollowUpRef(f.id, f.kind, f.held_on) for f in e.follow_ups] for e in episodes}
    ratings = goal_ratings(db, [r.id for found in refs.values() for r in found],
                           catalogue.kind_of("goals"))
    measured = measured_dates(db, [e.id for e in episodes], catalogue.kind_of(*MEASURED_KINDS))
    rules = unit_rules(db, [client.unit_id])[client.unit_id]
    unreviewed = catalogue.unreviewed_languages(
        follow_up_languages(db, [r.id for found in refs.values() for r in found]))
    return [EpisodeFollowUp(
        episode=episode, follow_ups=refs[episode.id],
        goals=goal_progress([(g.id, g.wording, g.ended_on is None) for g in episode.goals],
                            refs[episode.id], ratings),
        delivered=_delivered(episode, today),
        points=measurement_points(rules, _facts(episode, client.unit, measured[episode.id]), today),
        unreviewed={r.id: unreviewed[r.id] for r in refs[episode.id] if r.id in unreviewed},
    ) for episode in episodes]


def due_list(db: Session, catalogue: Catalogue, clients: list[Client],
             today: date) -> list[tuple[Client, Episode, Point]]:
    """What is due or overdue for these clients and can still be done (open episodes, and closed
    ones awaiting a follow-up after their end), most urgent first."""
    episodes = {e.id: (e, c) for c in clients for e in c.episodes}
    # Sessions and follow-ups of all of them in two queries, not two per episode.
    db.scalars(select(Episode).where(Episode.id.in_(list(episodes)))
               .options(selectinload(Episode.sessions), selectinload(Episode.follow_ups))).all()
    measured = measured_dates(db, episodes, catalogue.kind_of(*MEASURED_KINDS))
    rules = unit_rules(db, {c.unit_id for c in clients})
    found = []
    for episode_id, (episode, client) in episodes.items():
        facts = _facts(episode, client.unit, measured[episode_id])
        found += [(client, episode, point) for point in
                  measurement_points(rules[client.unit_id], facts, today)
                  if point.can_still_be_done(episode.closed_on is None, today)]
    return sorted(found, key=lambda due: (due[2].due_on, due[0].code))


@dataclass(frozen=True)
class UnitReport:
    unit: Unit
    delivery: pd.DataFrame
    left_after: pd.DataFrame  # attended sessions x intervention type
    goals: pd.DataFrame
    # variable key -> by (gender; age_band: the bands of the report's age scheme) -> table
    crosstabs: dict[str, dict[str, pd.DataFrame]]
    episodes: pd.DataFrame  # the raw rows, for export (with each episode's ``age_band``)
    # key -> the current version of each variable the unit records (in any phase, reviews too)
    variables: dict[str, Variable] = field(default_factory=dict)
    # key -> code -> the newest version that recorded it (whose words label the code)
    labelled_by: dict[str, dict[str, Variable]] = field(default_factory=dict)
    # key -> kind of every variable with a column in ``episodes`` (switched off or retired too)
    kinds: dict[str, str] = field(default_factory=dict)


def unit_report(db: Session, catalogue: Catalogue, unit: Unit, min_group: int,
                scheme: AgeScheme, opened_from: date | None = None,
                opened_to: date | None = None, exact: bool = False) -> UnitReport:
    """Age groups in the bands of ``scheme``. ``exact``: the viewer may open every episode of
    the unit (its own staff), so the cross-tables hide nothing; for everyone else the
    disclosure rule hides them. A cross-table per choice and yes/no variable the unit records
    (a review's too), by gender and by age band, each episode counted once by its newest value
    (outside a review or in one, as pivots count it), one without a value as "not stated"."""
    episodes = unit_episodes(db, unit.id, opened_from, opened_to)
    bands = age_bands(episode_ages(db, episodes["episode_id"].tolist()), scheme)
    episodes["age_band"] = bands.reindex(episodes["episode_id"]).to_numpy()
    ratings = unit_goal_ratings(db, unit.id, catalogue.kind_of("goals"))
    ratings = ratings[ratings["episode_id"].isin(episodes["episode_id"])]
    variables = {v.key: v for v in current_variables(db, unit)}
    labelled_by = code_versions(db, episodes["episode_id"].tolist())
    crosstabs = {}
    for key, variable in variables.items():
        if variable.kind not in (CHOICE, YES_NO):
            continue
        values = _values(variable, labelled_by.get(key, {}))
        counted = episodes.assign(**{key: episodes[key].fillna(NOT_STATED) if key in episodes
                                     else NOT_STATED})
        crosstabs[key] = {by: variable_crosstab(counted, key, values, by, categories, min_group, exact)
                          for by, categories in (("gender", GENDERS), ("age_band", scheme.codes))}
    recorded = newest_variables(db, [c for c in episodes.columns if c not in (*EPISODE_COLUMNS, "age_band")])
    return UnitReport(unit, delivery_by_type(episodes), left_after_session(episodes),
                      goal_results(ratings, episodes), crosstabs, episodes, variables, labelled_by,
                      {key: variable.kind for key, variable in recorded.items()})


def _values(variable: Variable, recorded: dict[str, Variable]) -> tuple[str, ...]:
    """A cross-table's rows: the current version's values, then those only earlier versions
    had (still recorded), "not stated" last."""
    current = spec_of(variable).codes
    older = tuple(code for code in recorded if code not in current)
    return (*current[:-1], *older, NOT_STATED)
