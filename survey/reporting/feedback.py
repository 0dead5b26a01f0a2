"""Session-feedback results per therapist, unit or organisation, women and men side by side.

Takes frames, returns a table of measures; which columns are hidden is decided by the one rule
of ``domain.disclosure`` (``feedback_pattern``), unless the viewer may open every episode.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from survey.domain.disclosure import hiding_pattern
from survey.domain.scoring import OutcomeRules, change_category, effect_size
from survey.domain.vocabulary import CLOSE_REASONS

# One row per episode active in the period. ``alliance_*``: the sum and number of the alliance
# totals of its sessions held in the period, and how many were under their instrument's threshold.
EPISODE_COLUMNS = ["episode_id", "client_id", "group", "gender", "band", "opened_on", "closed_on",
                   "close_reason", "sessions", "outcome_scores", "intake", "last",
                   "alliance_total", "alliance_n", "alliance_below"]
CATEGORIES = ("improved", "recovered", "no-change", "deteriorated")
GENDER_COLUMNS = ("all", "woman", "man")
MEASURES = (
    "clients", "episodes", "closed", *(f"closed:{reason}" for reason in CLOSE_REASONS),
    "single-session", "with-change", "mean-intake", "mean-last", "mean-change", "effect-size",
    *(f"share:{category}" for category in CATEGORIES), "alliance-mean", "alliance-share-below",
)


@dataclass(frozen=True)
class ResultTable:
    """Measures (rows) by (group, gender) columns; ``hidden`` columns (with the reason) must not
    be shown."""

    values: pd.DataFrame
    hidden: dict[tuple[str, str], str]


def _measures(episodes: pd.DataFrame, start, end) -> dict[str, float]:
    closed = episodes[episodes["closed_on"].notna() & (episodes["closed_on"] >= start)
                      & (episodes["closed_on"] <= end)]
    changed = episodes[episodes["outcome_scores"] >= 2]
    row: dict[str, float] = {
        "clients": episodes["client_id"].nunique(),
        "episodes": len(episodes),
        "closed": len(closed),
        **{f"closed:{reason}": int((closed["close_reason"] == reason).sum()) for reason in CLOSE_REASONS},
        "single-session": int((closed["sessions"] == 1).sum()),
        "with-change": len(changed),
    }
    if len(changed):
        change = changed["last"] - changed["intake"]
        row |= {"mean-intake": changed["intake"].mean(), "mean-last": changed["last"].mean(),
                "mean-change": change.mean(),
                "effect-size": effect_size(list(changed["intake"]), list(changed["last"]))}
        counts = changed["category"].value_counts()
        for category in CATEGORIES:
            # "improved" counts every reliable improvement, recovered ones included.
            hits = counts.get(category, 0) + (counts.get("recovered", 0) if category == "improved" else 0)
            row[f"share:{category}"] = hits / len(changed)
    rated = episodes["alliance_n"].sum()
    if rated:
        row["alliance-mean"] = episodes["alliance_total"].sum() / rated
        row["alliance-share-below"] = episodes["alliance_below"].sum() / rated
    return row


WHOLE = "whole"  # the sum of every group of a pattern (the organisation, or a unit's therapists)


def feedback_pattern(episodes: pd.DataFrame, min_group: int,
                     exact: bool = False) -> dict[tuple[str, str], str]:
    """The hidden (group, gender) columns of the groups in ``episodes`` and of their sum
    (``WHOLE``), counted in clients: each group's "all" is its women, men and other genders
    together, and the whole is the sum of the groups, so neither gives a hidden column away."""
    sizes, relations = {}, []
    genders = ("woman", "man")
    for group, rows in [*episodes.groupby("group"), (WHOLE, episodes)]:
        sizes[(group, "all")] = rows["client_id"].nunique()
        for gender in genders:
            sizes[(group, gender)] = rows.loc[rows["gender"] == gender, "client_id"].nunique()
        sizes[(group, "other")] = rows.loc[~rows["gender"].isin(genders), "client_id"].nunique()
        relations.append(((group, "all"), [(group, g) for g in (*genders, "other")]))
    groups = sorted(episodes["group"].unique())
    for gender in ("all", *genders, "other"):
        relations.append(((WHOLE, gender), [(group, gender) for group in groups]))
    return hiding_pattern(sizes, relations, min_group, exact=exact)


def feedback_results(episodes: pd.DataFrame, start, end, rules_by_band: dict[str, OutcomeRules],
                     hidden: dict[tuple[str, str], str]) -> ResultTable:
    """Results for each ``group`` (a therapist, a unit, or one group for the organisation).

    ``episodes`` holds the episodes active in the period (``EPISODE_COLUMNS``). Outcome measures
    use episodes with two or more outcome scores; closed-episode counts those closed in the period;
    alliance measures the sessions held in the period. ``hidden``: from ``feedback_pattern``.
    """
    episodes = episodes.copy()
    scored = episodes["outcome_scores"] >= 2
    episodes["category"] = None
    episodes.loc[scored, "category"] = [
        change_category(intake, last, rules_by_band[band])
        for intake, last, band in episodes.loc[scored, ["intake", "last", "band"]].itertuples(index=False)
    ]
    columns = {}
    for group in sorted(episodes["group"].unique()):
        for gender in GENDER_COLUMNS:
            chosen = episodes["group"] == group
            if gender != "all":
                chosen &= episodes["gender"] == gender
            columns[(group, gender)] = _measures(episodes[chosen], start, end)
    values = pd.DataFrame(columns, index=list(MEASURES), dtype=float)
    values.columns = pd.MultiIndex.from_tuples(values.columns, names=["group", "gender"])
    return ResultTable(values, {cell: reason for cell, reason in hidden.items() if cell in columns})
