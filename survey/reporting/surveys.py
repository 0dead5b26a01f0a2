"""Survey round results from answer counts: per group (unit, group of units, gender, age group
or the organisation) and question, the count and share of every option and the share positive.

"Don't know" and unanswered are counted apart and kept out of the denominator. A group with fewer
than ``min_group`` respondents, or a question with fewer answers, is hidden; when exactly one
sibling group is hidden, the next smallest is hidden too, so no total can give it away.
"""
from __future__ import annotations

import pandas as pd

from survey.domain.instruments import ChoiceAnswer, Questionnaire

COUNT_COLUMNS = ["group", "item_key", "option_key", "count"]
# ``hidden``: None when shown, "few" for a group under the minimum, "complement" for a group
# hidden only so that a small sibling group cannot be worked out from the total.
SUMMARY_COLUMNS = ["group", "item_key", "respondents", "answered", "positive", "share_positive",
                   "dont_know", "unanswered", "suppressed", "hidden"]
OPTION_COLUMNS = ["group", "item_key", "option_key", "count", "share"]


def _choice_items(questionnaire: Questionnaire):
    return [item for item in questionnaire.items if isinstance(item.answer, ChoiceAnswer)]


def _hide_complements(summary: pd.DataFrame) -> pd.DataFrame:
    """Per question, when exactly one group is hidden, hide the smallest shown group as well."""
    for _, rows in summary.groupby("item_key"):
        hidden = rows["suppressed"]
        if hidden.sum() == 1 and (~hidden).sum() >= 1:
            smallest = rows[~hidden]["respondents"].idxmin()
            summary.loc[smallest, ["suppressed", "hidden"]] = [True, "complement"]
    return summary


def summarise(counts: pd.DataFrame, respondents: pd.Series, questionnaire: Questionnaire,
              min_group: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Summary per (group, question) and count and share per (group, question, option).

    ``counts`` has ``COUNT_COLUMNS`` (``option_key`` None for unanswered); ``respondents`` is the
    number of respondents per group. Hidden cells have their figures set to missing.
    """
    items = _choice_items(questionnaire)
    groups = list(respondents.index)
    table = (counts.assign(option_key=counts["option_key"].astype(object).fillna(""))
             .groupby(["group", "item_key", "option_key"])["count"].sum().to_dict())
    summary_rows, option_rows = [], []
    for group in groups:
        for item in items:
            scale = questionnaire.scale_of(item)
            got = {key: int(table.get((group, item.key, key), 0)) for key in (*scale.option_keys, "")}
            result = item.answer.summarise(got, scale)
            summary_rows.append({
                "group": group, "item_key": item.key, "respondents": int(respondents[group]),
                "answered": result.answered, "positive": result.positive,
                "share_positive": result.share_positive,
                "dont_know": sum(got[k] for k in scale.dont_know_keys), "unanswered": got[""],
                "suppressed": respondents[group] < min_group or result.answered < min_group,
                "hidden": None,
            })
            for option in scale.options:
                share = None if option.dont_know or not result.answered else got[option.key] / result.answered
                option_rows.append({"group": group, "item_key": item.key, "option_key": option.key,
                                    "count": got[option.key], "share": share})
    summary = pd.DataFrame(summary_rows, columns=SUMMARY_COLUMNS)
    summary.loc[summary["suppressed"], "hidden"] = "few"
    summary = _hide_complements(summary)
    options = pd.DataFrame(option_rows, columns=OPTION_COLUMNS)
    hidden = summary.loc[summary["suppressed"], ["group", "item_key"]]
    mask = options.set_index(["group", "item_key"]).index.isin(hidden.set_index(["group", "item_key"]).index)
    options = options.astype({"count": object, "share": object})
    options.loc[mask, ["count", "share"]] = None
    figures = ["answered", "positive", "share_positive", "dont_know", "unanswered"]
    summary = summary.astype({column: object for column in figures})
    summary.loc[summary["suppressed"], figures] = None
    return summary, options


def compare(current: pd.DataFrame, previous: pd.DataFrame) -> pd.DataFrame:
    """Change in share positive per (group, question) from the previous round's summary.

    Empty where either round hides the cell or the question was not asked before.
    """
    merged = current[["group", "item_key", "share_positive", "suppressed"]].merge(
        previous[["group", "item_key", "share_positive", "suppressed"]],
        on=["group", "item_key"], how="left", suffixes=("", "_before"))
    shown = ~merged["suppressed"] & (merged["suppressed_before"] == False)  # noqa: E712
    merged["change"] = (merged["share_positive"] - merged["share_positive_before"]).where(shown)
    merged["share_positive_before"] = merged["share_positive_before"].where(shown)
    return merged[["group", "item_key", "share_positive_before", "change"]]


def crosstab(counts: pd.DataFrame, respondents: pd.Series, questionnaire: Questionnaire,
             item_key: str, min_group: int) -> pd.DataFrame:
    """One question as an Excel-style pivot: a row per group (e.g. women, men), a column per
    option and unanswered, with counts, row percentages and total percentages."""
    summary, options = summarise(counts[counts["item_key"] == item_key], respondents,
                                 questionnaire, min_group)
    summary = summary[summary["item_key"] == item_key].set_index("group")
    pivot = options[options["item_key"] == item_key].pivot(index="group", columns="option_key",
                                                           values="count")
    pivot["unanswered"] = summary["unanswered"]
    shown = ~summary["suppressed"]
    row_total = pivot.sum(axis=1, min_count=1).where(shown)
    grand_total = row_total.sum()
    frame = pd.concat({"count": pivot, "row_share": pivot.div(row_total, axis=0),
                       "total_share": pivot / grand_total if grand_total else pivot * None}, axis=1)
    return frame.where(shown, None)
