"""Session-feedback results per therapist, unit or organisation, women and men side by side,
and dose against outcome (change by sessions attended, by planned against delivered sessions).

Takes frames, returns tables; every hiding decision is ``too_few`` (the one disclosure rule of
this report family).
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from survey.domain.scoring import OutcomeRules, change_category, effect_size
from survey.domain.vocabulary import CLOSE_REASONS

# One row per episode active in the period. ``alliance_*``: the sum and number of the alliance
# totals of its sessions held in the period, and how many were under their instrument's threshold.
EPISODE_COLUMNS = ["episode_id", "client_id", "unit_id", "group", "gender", "band", "opened_on",
                   "closed_on", "close_reason", "planned_sessions", "sessions", "outcome_scores",
                   "intake", "last", "alliance_total", "alliance_n", "alliance_below"]
# Added from the scores (``services.feedback``): whether a validity flag is set, and how many of
# the signals raised at sessions of the period were acted on, after how many days each.
SCORE_COLUMNS = ["flagged", "signals_acted", "signal_days"]
CATEGORIES = ("improved", "recovered", "no-change", "deteriorated")
GENDER_COLUMNS = ("all", "woman", "man")
MEASURES = (
    "clients", "episodes", "closed", *(f"closed:{reason}" for reason in CLOSE_REASONS),
    "single-session", "with-change", "mean-intake", "mean-last", "mean-change", "effect-size",
    *(f"share:{category}" for category in CATEGORIES), "alliance-mean", "alliance-sessions",
    "alliance-share-below", "flagged", "signals-acted", "signals-median-days",
)
# Sessions attended, in bands (the last open), and delivered against planned sessions.
DOSE_BANDS = ((1, 1), (2, 3), (4, 6), (7, 12), (13, None))
PLAN_BANDS = ("fewer", "as-planned", "more", "not-planned")


def too_few(episodes: int, min_group: int) -> bool:
    """The one disclosure decision of session-feedback results: a figure drawn from fewer than
    ``min_group`` episodes is not shown."""
    return episodes < min_group


@dataclass(frozen=True)
class ResultTable:
    """Measures (rows) by (group, gender) columns; ``too_few`` columns must not be shown."""

    values: pd.DataFrame
    too_few: frozenset[tuple[str, str]]


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
        row["alliance-sessions"] = int(rated)
        row["alliance-share-below"] = episodes["alliance_below"].sum() / rated
    row |= {"flagged": int(episodes["flagged"].sum()),
            "signals-acted": int(episodes["signals_acted"].sum())}
    days = [d for found in episodes["signal_days"] for d in found]
    if days:
        row["signals-median-days"] = float(pd.Series(days).median())
    return row


def _categorised(episodes: pd.DataFrame, rules_by_band: dict[str, OutcomeRules]) -> pd.DataFrame:
    episodes = episodes.copy()
    scored = episodes["outcome_scores"] >= 2
    episodes["category"] = None
    episodes.loc[scored, "category"] = [
        change_category(intake, last, rules_by_band[band])
        for intake, last, band in episodes.loc[scored, ["intake", "last", "band"]].itertuples(index=False)
    ]
    return episodes


def feedback_results(episodes: pd.DataFrame, start, end, rules_by_band: dict[str, OutcomeRules],
                     min_group: int) -> ResultTable:
    """Results for each ``group`` (a therapist, a unit, or one group for the organisation).

    ``episodes`` holds the episodes active in the period (``EPISODE_COLUMNS``). Outcome measures
    use episodes with two or more outcome scores; closed-episode counts those closed in the period;
    alliance measures the sessions held in the period.
    """
    episodes = _categorised(episodes, rules_by_band)
    columns, hidden = {}, set()
    for group in sorted(episodes["group"].unique()):
        for gender in GENDER_COLUMNS:
            chosen = episodes["group"] == group
            if gender != "all":
                chosen &= episodes["gender"] == gender
            subset = episodes[chosen]
            columns[(group, gender)] = _measures(subset, start, end)
            if too_few(len(subset), min_group):
                hidden.add((group, gender))
    values = pd.DataFrame(columns, index=list(MEASURES), dtype=float)
    values.columns = pd.MultiIndex.from_tuples(values.columns, names=["group", "gender"])
    return ResultTable(values, frozenset(hidden))


@dataclass(frozen=True)
class DoseTable:
    """Per band (rows) and group: episodes (``n``), mean change and share reliably improved;
    ``too_few`` holds the (band, group) cells that must not be shown."""

    values: pd.DataFrame  # columns (group, "n" | "mean-change" | "share:improved")
    too_few: frozenset[tuple[str, str]]


def _dose_band(sessions: int) -> str:
    low, high = next((low, high) for low, high in DOSE_BANDS if high is None or sessions <= high)
    return f"{low}+" if high is None else (str(low) if low == high else f"{low}-{high}")


def _plan_band(planned, delivered: int) -> str:
    if planned != planned or planned is None:
        return "not-planned"
    return "fewer" if delivered < planned else "as-planned" if delivered == planned else "more"


def dose_results(episodes: pd.DataFrame, rules_by_band: dict[str, OutcomeRules],
                 min_group: int) -> dict[str, DoseTable]:
    """Change against sessions attended (episodes with two or more outcome scores), and against
    planned versus delivered sessions (of those, the closed ones), per group."""
    changed = _categorised(episodes, rules_by_band)
    changed = changed[changed["outcome_scores"] >= 2].copy()
    changed["change"] = changed["last"] - changed["intake"]
    changed["improved"] = changed["category"].isin(["improved", "recovered"])
    changed["sessions-band"] = changed["sessions"].map(_dose_band)
    changed["plan-band"] = [_plan_band(p, d) for p, d in zip(changed["planned_sessions"], changed["sessions"])]
    bands = {"sessions-band": [_dose_band(low) for low, _ in DOSE_BANDS], "plan-band": list(PLAN_BANDS)}
    tables = {}
    for name, rows in bands.items():
        chosen = changed if name == "sessions-band" else changed[changed["closed_on"].notna()]
        columns, hidden = {}, set()
        for group in sorted(episodes["group"].unique()):
            of_group = chosen[chosen["group"] == group]
            for band in rows:
                cell = of_group[of_group[name] == band]
                columns.setdefault((group, "n"), {})[band] = len(cell)
                columns.setdefault((group, "mean-change"), {})[band] = cell["change"].mean()
                columns.setdefault((group, "share:improved"), {})[band] = (
                    cell["improved"].mean() if len(cell) else float("nan"))
                if too_few(len(cell), min_group):
                    hidden.add((band, group))
        values = pd.DataFrame(columns, index=rows, dtype=float)
        values.columns = pd.MultiIndex.from_tuples(values.columns, names=["group", "figure"])
        tables[name] = DoseTable(values, frozenset(hidden))
    return tables
