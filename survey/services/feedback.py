"""A client's feedback picture: scores per session, rules, expected trajectory and signals; and
the results of a scope and period (with validity flags, signals acted on, dose and outcome).

Brings together the database reads, the questionnaires' thresholds and the pure scoring; no Flask.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from survey.domain.instruments import Catalogue, Questionnaire
from survey.domain.scoring import (
    AllianceRules,
    EpisodeResult,
    OutcomeRules,
    ScoreScale,
    SessionScores,
    Signal,
    episode_result,
    signal_history,
    signals,
    validity_flags,
)
from survey.domain.trajectory import TrajectoryPoint, expected_trajectory
from survey.domain.vocabulary import age_band
from survey.models import Client, Episode, SignalAcknowledgement
from survey.queries import (
    ORGANISATION,
    Scope,
    closed_episodes_stamp,
    episode_scores,
    outcome_histories,
    outcome_series,
    results_frame,
    session_languages,
    signals_acted_on,
)
from survey.reporting import DoseTable, ResultTable, dose_results, feedback_results
from survey.reporting.feedback import EPISODE_COLUMNS, SCORE_COLUMNS, WHOLE, feedback_pattern

BANDS = ("child", "youth", "adult")


@dataclass(frozen=True)
class FeedbackSettings:
    trajectory_min_episodes: int = 20
    trajectory_window: float = 5.0
    no_improvement_by: int = 4


@dataclass(frozen=True)
class EpisodeFeedback:
    episode: Episode
    sessions: list[SessionScores]
    outcome: OutcomeRules
    alliance: AllianceRules
    expected: list[TrajectoryPoint] | None
    signals: list[Signal]
    outcome_scale: ScoreScale
    alliance_scale: ScoreScale
    history: tuple[Signal, ...] = ()  # every signal the episode raised, session by session
    result: EpisodeResult | None = None
    flags: tuple[str, ...] = ()
    alliance_item_keys: tuple[str, ...] = ()
    # Per session number: the languages its responses were given in that nobody has reviewed.
    unreviewed: dict[int, tuple[str, ...]] = field(default_factory=dict)

    @property
    def intake(self) -> float | None:
        return next((s.outcome for s in self.sessions if s.outcome is not None), None)

    @property
    def acknowledged(self) -> dict[tuple[str, int], SignalAcknowledgement]:
        """What was done about a signal, by its code and session number."""
        return {(a.code, a.session_number): a for a in self.episode.acknowledgements}

    @property
    def open_signals(self) -> list[Signal]:
        """The signals of an open episode nobody has recorded acting on yet."""
        if self.episode.closed_on is not None:
            return []
        done = self.acknowledged
        return [s for s in self.signals if (s.code, s.session) not in done]

    def held_on(self, signal: Signal) -> date:
        """The date of the session that raised the signal."""
        return next(s.held_on for s in self.sessions if s.number == signal.session)


@dataclass(frozen=True)
class OpenSignal:
    """A signal nobody has acted on yet, for the start page's lists."""

    client: Client
    episode: Episode
    signal: Signal
    raised_on: date


def _instruments(catalogue: Catalogue, client: Client) -> tuple[Questionnaire, Questionnaire]:
    """The client's outcome and alliance instruments (by the age band of their age group)."""
    band = age_band(client.age_group)
    return catalogue.for_age_band("outcome", band), catalogue.for_age_band("alliance", band)


class HistoryCache:
    """Each unit's closed-episode outcome histories, kept until the unit closes another episode.

    A closed episode takes no new answers, so the histories change only when the set of closed
    episodes does; one small count query tells whether a kept copy is still right.
    """

    def __init__(self):
        self._kept: dict[tuple[int, str], tuple[tuple[int, int], list[list[float]]]] = {}

    def histories(self, db: Session, unit_id: int, outcome_id: str) -> list[list[float]]:
        stamp = closed_episodes_stamp(db, unit_id)
        kept = self._kept.get((unit_id, outcome_id))
        if kept is None or kept[0] != stamp:
            kept = (stamp, outcome_histories(db, unit_id, outcome_id))
            self._kept[(unit_id, outcome_id)] = kept
        return kept[1]


class _Trajectories:
    """Expected trajectories for the episodes of one page."""

    def __init__(self, db: Session, settings: FeedbackSettings, cache: HistoryCache):
        self.db, self.settings, self.cache = db, settings, cache

    def for_intake(self, unit_id: int, outcome_id: str, intake: float | None):
        if intake is None:
            return None
        return expected_trajectory(intake, self.cache.histories(self.db, unit_id, outcome_id),
                                   self.settings.trajectory_window,
                                   self.settings.trajectory_min_episodes)


def _feedback(episode: Episode, client: Client, sessions: list[SessionScores],
              catalogue: Catalogue, trajectories: _Trajectories) -> EpisodeFeedback:
    outcome_instrument, alliance_instrument = _instruments(catalogue, client)
    outcome = OutcomeRules.of(outcome_instrument, age_band(client.age_group))
    alliance = AllianceRules.of(alliance_instrument)
    intake = next((s.outcome for s in sessions if s.outcome is not None), None)
    expected = trajectories.for_intake(client.unit_id, outcome_instrument.id, intake)
    by = trajectories.settings.no_improvement_by
    return EpisodeFeedback(episode, sessions, outcome, alliance, expected,
                           signals(sessions, outcome, alliance, by, expected),
                           ScoreScale.of(outcome_instrument), ScoreScale.of(alliance_instrument),
                           tuple(signal_history(sessions, outcome, alliance, by, expected)),
                           episode_result(sessions, outcome),
                           tuple(validity_flags([s.outcome for s in sessions if s.outcome is not None], outcome)),
                           tuple(item.key for item in alliance_instrument.items))


def client_feedback(db: Session, catalogue: Catalogue, client: Client,
                    settings: FeedbackSettings, cache: HistoryCache) -> list[EpisodeFeedback]:
    """Every episode of a client, newest first, with what its scores say."""
    scores = episode_scores(db, [e.id for e in client.episodes], catalogue.kind_of("outcome", "alliance"))
    languages = session_languages(db, [e.id for e in client.episodes])
    trajectories = _Trajectories(db, settings, cache)
    return [replace(_feedback(episode, client, scores[episode.id], catalogue, trajectories),
                    unreviewed=catalogue.unreviewed_languages(languages[episode.id]))
            for episode in sorted(client.episodes, key=lambda e: e.opened_on, reverse=True)]


def open_episode_signals(db: Session, catalogue: Catalogue, clients: list[Client],
                         settings: FeedbackSettings, cache: HistoryCache) -> list[OpenSignal]:
    """The signals nobody has acted on of every open episode of these clients, oldest first."""
    open_episodes = {e.id: (e, c) for c in clients for e in c.episodes if e.closed_on is None}
    db.scalars(select(Episode).where(Episode.id.in_(list(open_episodes)))
               .options(selectinload(Episode.acknowledgements))).all()
    scores = episode_scores(db, open_episodes, catalogue.kind_of("outcome", "alliance"))
    trajectories = _Trajectories(db, settings, cache)
    found = []
    for episode_id, (episode, client) in open_episodes.items():
        feedback = _feedback(episode, client, scores[episode_id], catalogue, trajectories)
        found += [OpenSignal(client, episode, signal, feedback.held_on(signal))
                  for signal in feedback.open_signals]
    return sorted(found, key=lambda o: (o.raised_on, o.client.code))


def current_episode(client: Client) -> Episode | None:
    """The client's open episode, if any."""
    return next((e for e in client.episodes if e.closed_on is None), None)


def _score_columns(db: Session, episodes: pd.DataFrame, scope: Scope, start: date, end: date,
                   outcome_ids: list[str], rules: dict[str, OutcomeRules]) -> pd.DataFrame:
    """``SCORE_COLUMNS`` of every episode: a validity flag set, and its signals acted on."""
    series = outcome_series(db, scope, start, end, outcome_ids)
    acted = signals_acted_on(db, scope, start, end)
    frame = pd.DataFrame({
        "flagged": [bool(validity_flags(series.get(e, []), rules[band]))
                    for e, band in episodes[["episode_id", "band"]].itertuples(index=False)],
        "signals_acted": [len(acted.get(e, ())) for e in episodes["episode_id"]],
        "signal_days": [tuple(acted.get(e, ())) for e in episodes["episode_id"]],
    }, index=episodes.index, columns=SCORE_COLUMNS)
    frame["flagged"] = frame["flagged"].astype(bool)
    return frame


@dataclass(frozen=True)
class FeedbackResults:
    table: ResultTable
    dose: dict[str, DoseTable]  # "sessions-band" and "plan-band"


def feedback_results_of(db: Session, catalogue: Catalogue, scope: Scope, start: date, end: date,
                        min_group: int, without_flagged: bool = False) -> FeedbackResults:
    """Results of a scope and period, hidden by the period's pattern (``reporting.feedback``): a
    therapist's own caseload exactly, and read with or without the episodes a validity flag marks;
    units and the organisation by one pattern over every unit; therapists by one over them and
    their units' sum. Others always read every episode: a table without the flagged ones beside
    the whole would give the flagged ones away."""
    instruments = catalogue.all()
    outcome_ids = [q.id for q in instruments if q.kind == "outcome"]
    alliance_threshold_of = {q.id: AllianceRules.of(q).total for q in instruments if q.kind == "alliance"}
    rules = {band: OutcomeRules.of(catalogue.for_age_band("outcome", band), band) for band in BANDS}
    episodes = results_frame(db, scope, start, end, outcome_ids, alliance_threshold_of)
    episodes = pd.concat([episodes[EPISODE_COLUMNS], _score_columns(
        db, episodes, scope, start, end, outcome_ids, rules)], axis=1)
    exact = scope.therapist_id is not None
    if without_flagged and exact:
        episodes = episodes[~episodes["flagged"]]
    if scope.group_by == "therapist":
        hidden = feedback_pattern(episodes, min_group, exact=exact)
    else:
        units = results_frame(db, Scope(group_by="unit"), start, end, outcome_ids,
                              alliance_threshold_of)
        hidden = {(ORGANISATION if group == WHOLE else group, gender): reason
                  for (group, gender), reason in feedback_pattern(units, min_group).items()}
    return FeedbackResults(feedback_results(episodes, start, end, rules, hidden),
                           dose_results(episodes, rules, min_group, exact))
