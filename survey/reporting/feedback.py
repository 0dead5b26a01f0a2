"""Session-feedback results per therapist, unit or organisation, women and men side by side,
and dose against outcome (change by sessions attended, by planned against delivered sessions).

Takes frames, returns a table of measures; which columns are hidden is decided by the one rule
of ``domain.disclosure`` (``feedback_pattern``), unless the viewer may open every episode.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

from survey.domain.disclosure import hiding_pattern
from survey.domain.scoring import OutcomeRules, change_category, effect_size
from survey.domain.vocabulary import CLOSE_REASONS

# One row per episode active in the period. ``alliance_*``: the sum and number of the alliance
# totals of its sessions held in the period, and how many were under their instrument's threshold.
EPISODE_COLUMNS = ["episode_id", "client_id", "unit_id", "group", "gender", "band", "opened_on",
                   "closed_on", "close_reason", "planned_sessions", "sessions", "outcome_scores",
                   "intake", "last", "alliance_total", "alliance_n", "alliance_below"]
# Added from the scores (``services.feedback``): whether a validity flag is set, how many signals
# were raised at sessions of the period, how many of them were acted on, after how many days each.
SCORE_COLUMNS = ["flagged", "signals_raised", "signals_acted", "signal_days"]
CATEGORIES = ("improved", "recovered", "no-change", "deteriorated")
GENDER_COLUMNS = ("all", "woman", "man")
MEASURES = (
    "clients", "episodes", "closed", *(f"closed:{reason}" for reason in CLOSE_REASONS),
    "single-session", "with-change", "mean-intake", "mean-last", "mean-change", "effect-size",
    *(f"share:{category}" for category in CATEGORIES), "alliance-mean", "alliance-sessions",
    "alliance-share-below", "flagged", "signals-raised", "signals-acted", "share:signals-acted",
    "signals-median-days",
)
# Sessions attended, in bands (the last open), and delivered against planned sessions.
DOSE_BANDS = ((1, 1), (2, 3), (4, 6), (7, 12), (13, None))
PLAN_BANDS = ("fewer", "as-planned", "more", "not-planned")
ALL = "all"  # a dose table's totals (of a group's bands, or of a band's groups)


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
        row["alliance-sessions"] = int(rated)
        row["alliance-share-below"] = episodes["alliance_below"].sum() / rated
    raised, acted = int(episodes["signals_raised"].sum()), int(episodes["signals_acted"].sum())
    row |= {"flagged": int(episodes["flagged"].sum()), "signals-raised": raised,
            "signals-acted": acted}
    if raised:
        row["share:signals-acted"] = acted / raised
    days = [d for found in episodes["signal_days"] for d in found]
    if days:
        row["signals-median-days"] = float(pd.Series(days).median())
    return row


WHOLE = "whole"  # the sum of every group of a pattern (the organisation, or a unit's therapists)
PATTERN_GENDERS = ("all", "woman", "man", "other")


def periods_of(year: int) -> list[tuple[str, date, date]]:
    """The fixed reporting periods of a year: the year, its quarters and its months (key, first
    and last day), named as the results pages ask for them ("2026", "2026-Q1", "2026-03")."""
    def last_of(month: int) -> date:
        return (date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)) - timedelta(days=1)
    return [(str(year), date(year, 1, 1), date(year, 12, 31)),
            *((f"{year}-Q{q}", date(year, 3 * q - 2, 1), last_of(3 * q)) for q in range(1, 5)),
            *((f"{year}-{m:02d}", date(year, m, 1), last_of(m)) for m in range(1, 13))]


def feedback_pattern(episodes: pd.DataFrame, year: int, min_group: int,
                     exact: bool = False) -> dict[tuple[str, str, str], str]:
    """The hidden (period, group, gender) columns of every period of the year (``periods_of``),
    of the groups in ``episodes`` (the episodes active in the year) and of their sum (``WHOLE``),
    counted in clients. Figures such as closed episodes add up, so the pattern takes them as sums:
    each group's "all" is its women, men and other genders together, the whole is the sum of the
    groups, each quarter the sum of its months and the year the sum of its quarters; so no hidden
    column follows from another gender, group or period."""
    if exact:
        return {}
    sizes, relations = {}, []
    groups = sorted(episodes["group"].unique())
    periods = periods_of(year)
    clients = episodes[["group", "client_id", "opened_on", "closed_on"]].assign(
        gender=episodes["gender"].where(episodes["gender"].isin(("woman", "man")), "other"))
    for key, first, last in periods:
        active = clients[(clients["opened_on"] <= last)
                         & (clients["closed_on"].isna() | (clients["closed_on"] >= first))]
        whole = active.assign(group=WHOLE)
        for rows in (active, whole):
            by_group = rows.groupby("group")["client_id"].nunique()
            by_gender = rows.groupby(["group", "gender"])["client_id"].nunique()
            for group in (groups if rows is active else [WHOLE]):
                sizes[(key, group, "all")] = int(by_group.get(group, 0))
                for gender in PATTERN_GENDERS[1:]:
                    sizes[(key, group, gender)] = int(by_gender.get((group, gender), 0))
                relations.append(((key, group, "all"), [(key, group, g) for g in PATTERN_GENDERS[1:]]))
        relations += [((key, WHOLE, gender), [(key, group, gender) for group in groups])
                      for gender in PATTERN_GENDERS]
    quarters = {key: [f"{year}-{m:02d}" for m in range(first.month, last.month + 1)]
                for key, first, last in periods[1:5]}
    quarters[str(year)] = list(quarters)
    relations += [((whole, group, gender), [(part, group, gender) for part in parts])
                  for whole, parts in quarters.items() for group in (*groups, WHOLE)
                  for gender in PATTERN_GENDERS]
    return hiding_pattern(sizes, relations, min_group)


def period_hidden(pattern: dict[tuple[str, str, str], str], start: date,
                  end: date) -> dict[tuple[str, str], str]:
    """The hidden (group, gender) columns of the fixed period from ``start`` to ``end``."""
    key = next(k for k, first, last in periods_of(start.year) if (first, last) == (start, end))
    return {(group, gender): reason for (period, group, gender), reason in pattern.items()
            if period == key}


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
                     hidden: dict[tuple[str, str], str]) -> ResultTable:
    """Results for each ``group`` (a therapist, a unit, or one group for the organisation).

    ``episodes`` holds the episodes active in the period (``EPISODE_COLUMNS``). Outcome measures
    use episodes with two or more outcome scores; closed-episode counts those closed in the period;
    alliance measures the sessions held in the period. ``hidden``: from ``feedback_pattern``.
    """
    episodes = _categorised(episodes, rules_by_band)
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


@dataclass(frozen=True)
class DoseTable:
    """Per band (rows) and group: episodes (``n``), mean change and share reliably improved;
    ``hidden`` holds the (band, group) cells that must not be shown, with the reason."""

    values: pd.DataFrame  # columns (group, "n" | "mean-change" | "share:improved")
    hidden: dict[tuple[str, str], str]


def _dose_band(sessions: int) -> str:
    low, high = next((low, high) for low, high in DOSE_BANDS if high is None or sessions <= high)
    return f"{low}+" if high is None else (str(low) if low == high else f"{low}-{high}")


def _plan_band(planned, delivered: int) -> str:
    if planned != planned or planned is None:
        return "not-planned"
    return "fewer" if delivered < planned else "as-planned" if delivered == planned else "more"


def dose_pattern(counts: dict[tuple[str, str], int], bands: list[str], groups: list[str],
                 min_group: int, exact: bool) -> dict[tuple[str, str], str]:
    """The hidden (band, group) cells of a dose table: each group's episodes are the sum of its
    bands, and each band's the sum of the groups, so no hidden cell follows from a total."""
    sizes = dict(counts)
    relations = []
    for group in groups:
        sizes[(ALL, group)] = sum(counts[(band, group)] for band in bands)
        relations.append(((ALL, group), [(band, group) for band in bands]))
    for band in bands:
        sizes[(band, ALL)] = sum(counts[(band, group)] for group in groups)
        relations.append(((band, ALL), [(band, group) for group in groups]))
    hidden = hiding_pattern(sizes, relations, min_group, exact=exact)
    return {cell: reason for cell, reason in hidden.items() if ALL not in cell}


def dose_results(episodes: pd.DataFrame, rules_by_band: dict[str, OutcomeRules],
                 min_group: int, exact: bool = False) -> dict[str, DoseTable]:
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
        columns, counts = {}, {}
        groups = sorted(episodes["group"].unique())
        for group in groups:
            of_group = chosen[chosen["group"] == group]
            for band in rows:
                cell = of_group[of_group[name] == band]
                columns.setdefault((group, "n"), {})[band] = len(cell)
                columns.setdefault((group, "mean-change"), {})[band] = cell["change"].mean()
                columns.setdefault((group, "share:improved"), {})[band] = (
                    cell["improved"].mean() if len(cell) else float("nan"))
                counts[(band, group)] = len(cell)
        values = pd.DataFrame(columns, index=rows, dtype=float)
        values.columns = pd.MultiIndex.from_tuples(values.columns, names=["group", "figure"])
        tables[name] = DoseTable(values, dose_pattern(counts, rows, groups, min_group, exact))
    return tables
