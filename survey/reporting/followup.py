"""A unit's follow-up report from one row per episode (pandas, no database): what was delivered
per intervention type, when clients who stopped coming left, goal results, and background and
end variables as cross-tables by gender and age group with small cells hidden (each saying why)."""
from __future__ import annotations

import pandas as pd

from survey.domain.disclosure import hiding_pattern

DAYS_PER_MONTH = 365.25 / 12
NOT_SET = "not-set"
DELIVERY_COLUMNS = ["intervention_type", "episodes", "closed", "mean_months", "mean_attended",
                    "mean_missed", "mean_group", "mean_relatives", "stopped_coming"]


def _mean(values: pd.Series) -> float | None:
    return None if values.empty else round(float(values.mean()), 1)


def delivery_by_type(episodes: pd.DataFrame) -> pd.DataFrame:
    """Per intervention type: episodes, closed ones, mean months of the closed ones, mean
    attended and missed contacts, group sessions and talks with relatives, and how many
    ended because the client stopped coming."""
    rows = []
    types = episodes["intervention_type"].fillna(NOT_SET)
    for kind, group in episodes.groupby(types, sort=True):
        closed = group[group["closed_on"].notna()]
        months = [(c - o).days / DAYS_PER_MONTH for o, c in zip(closed["opened_on"], closed["closed_on"])]
        rows.append({
            "intervention_type": kind, "episodes": len(group), "closed": len(closed),
            "mean_months": _mean(pd.Series(months, dtype=float)),
            "mean_attended": _mean(group["attended"]), "mean_missed": _mean(group["missed"]),
            "mean_group": _mean(group["group"]), "mean_relatives": _mean(group["relatives"]),
            "stopped_coming": int((group["close_reason"] == "stopped-coming").sum()),
        })
    frame = pd.DataFrame(rows, columns=DELIVERY_COLUMNS)
    return frame.astype(object).where(frame.notna(), None)


def left_after_session(episodes: pd.DataFrame) -> pd.DataFrame:
    """For episodes that ended because the client stopped coming: per intervention type, how
    many left after their 1st, 2nd … attended session (0: never came)."""
    stopped = episodes[episodes["close_reason"] == "stopped-coming"]
    return pd.crosstab(stopped["attended"].astype(int).rename("attended"),
                       stopped["intervention_type"].fillna(NOT_SET))


def goal_results(ratings: pd.DataFrame, episodes: pd.DataFrame) -> pd.DataFrame:
    """Per intervention type, the client's goal ratings: goals rated at least twice, the mean
    first and latest rating, and how many goals rose. ``ratings`` has episode_id, goal_id,
    held_on, rater and value."""
    columns = ["intervention_type", "goals", "mean_first", "mean_latest", "improved"]
    rated = ratings[(ratings["rater"] == "client") & ratings["value"].notna()]
    if rated.empty:
        return pd.DataFrame([], columns=columns)
    ordered = rated.sort_values(["goal_id", "held_on"])
    per_goal = ordered.groupby(["episode_id", "goal_id"])["value"].agg(["first", "last", "count"])
    per_goal = per_goal[per_goal["count"] >= 2].reset_index()
    per_goal = per_goal.merge(episodes[["episode_id", "intervention_type"]], on="episode_id")
    per_goal["intervention_type"] = per_goal["intervention_type"].fillna(NOT_SET)
    rows = [{"intervention_type": kind, "goals": len(group), "mean_first": _mean(group["first"]),
             "mean_latest": _mean(group["last"]), "improved": int((group["last"] > group["first"]).sum())}
            for kind, group in per_goal.groupby("intervention_type")]
    return pd.DataFrame(rows, columns=columns)


def hide_small_cells(table: pd.DataFrame, min_group: int) -> pd.DataFrame:
    """Counts with each cell the disclosure rule hides replaced by why (``FEW`` or
    ``COMPLEMENT``): each row's cells sum to its ``total`` column (if any), and each column sums
    to the column's total, known elsewhere."""
    inner = [c for c in table.columns if c != "total"]
    sizes = {(r, c): int(table.loc[r, c]) for r in table.index for c in table.columns}
    sizes |= {("total", c): int(table[c].sum()) for c in table.columns}
    relations = [((r, "total"), [(r, c) for c in inner]) for r in table.index if "total" in table]
    relations += [(("total", c), [(r, c) for r in table.index]) for c in table.columns]
    hidden = hiding_pattern(sizes, relations, min_group)
    return pd.DataFrame([[hidden.get((r, c), table.loc[r, c]) for c in table.columns]
                         for r in table.index], index=table.index, columns=table.columns,
                        dtype=object)


def variable_crosstab(episodes: pd.DataFrame, name: str, values: tuple[str, ...], by: str,
                      categories: tuple[str, ...], min_group: int) -> pd.DataFrame:
    """Episodes per value of a variable (rows) by gender or age group (columns) with a total
    per value; small cells, and the cells and totals that would give them away, hidden."""
    source = episodes[name] if name in episodes else pd.Series([], dtype=object)
    frame = pd.DataFrame({"value": source, "by": episodes[by]}).dropna()
    counts = pd.crosstab(frame["value"], frame["by"]).reindex(index=list(values),
                                                              columns=list(categories), fill_value=0)
    counts["total"] = counts.sum(axis=1)
    return hide_small_cells(counts, min_group)
