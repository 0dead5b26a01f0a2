"""Survey round results from answer counts: per group (unit, group of units, gender, age group
or the organisation) and question, the count and share of every option and the share positive.

"Don't know" and unanswered are counted apart and kept out of the denominator. Which cells are
hidden is decided once per round for every scope and breakdown (``round_pattern``, by the rule of
``domain.disclosure``), so no page, file or year-on-year change gives a hidden cell away.
"""
from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from survey.domain.disclosure import FEW, Relation, Sums, hiding_pattern
from survey.domain.instruments import ChoiceAnswer, Questionnaire

COUNT_COLUMNS = ["group", "item_key", "option_key", "count"]
# ``hidden``: None when shown, else the reason (``domain.disclosure.FEW`` or ``COMPLEMENT``).
SUMMARY_COLUMNS = ["group", "item_key", "respondents", "answered", "positive", "share_positive",
                   "dont_know", "unanswered", "suppressed", "hidden"]
OPTION_COLUMNS = ["group", "item_key", "option_key", "count", "share"]


def _choice_items(questionnaire: Questionnaire):
    return [item for item in questionnaire.items if isinstance(item.answer, ChoiceAnswer)]


def summarise(counts: pd.DataFrame, respondents: pd.Series, questionnaire: Questionnaire,
              hidden: Mapping[tuple[str, str], str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Summary per (group, question) and count and share per (group, question, option).

    ``counts`` has ``COUNT_COLUMNS`` (``option_key`` None for unanswered); ``respondents`` is the
    number of respondents per group; ``hidden`` the reason per hidden (group, question), read
    from the round's pattern (``round_pattern``). Hidden cells have their figures set to missing.
    """
    items = _choice_items(questionnaire)
    groups = list(respondents.index)
    table: dict[tuple, int] = {}
    for key in zip(counts["group"], counts["item_key"], counts["option_key"].astype(object).fillna(""),
                   counts["count"]):
        table[key[:3]] = table.get(key[:3], 0) + key[3]
    summary_rows, option_rows, option_hidden = [], [], []
    for group in groups:
        for item in items:
            scale = questionnaire.scale_of(item)
            got = {key: int(table.get((group, item.key, key), 0)) for key in (*scale.option_keys, "")}
            result = item.answer.summarise(got, scale)
            suppressed = (group, item.key) in hidden or not result.answered
            summary_rows.append({
                "group": group, "item_key": item.key, "respondents": int(respondents[group]),
                "answered": result.answered, "positive": result.positive,
                "share_positive": result.share_positive,
                "dont_know": sum(got[k] for k in scale.dont_know_keys), "unanswered": got[""],
                "suppressed": suppressed,
                "hidden": hidden.get((group, item.key), None if result.answered else FEW),
            })
            for option in scale.options:
                share = None if option.dont_know or not result.answered else got[option.key] / result.answered
                option_rows.append({"group": group, "item_key": item.key, "option_key": option.key,
                                    "count": got[option.key], "share": share})
                option_hidden.append(suppressed)
    summary = pd.DataFrame(summary_rows, columns=SUMMARY_COLUMNS)
    options = pd.DataFrame(option_rows, columns=OPTION_COLUMNS)
    options = options.astype({"count": object, "share": object})
    if any(option_hidden):
        options.loc[np.array(option_hidden), ["count", "share"]] = None
    figures = ["answered", "positive", "share_positive", "dont_know", "unanswered"]
    summary = summary.astype({column: object for column in figures})
    if summary["suppressed"].any():
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


# A cell of the round's pattern: (level, name, breakdown, value). Levels are "unit",
# "unit_group" and "organisation" (named ORGANISATION); breakdown None (everyone), "gender" or
# "age_group".
LEVELS = ("unit", "unit_group", "organisation")
BREAKDOWNS = (None, "gender", "age_group")
PEOPLE_COLUMNS = ["unit", "unit_group", "gender", "age_group"]


def _cell_sizes(frame: pd.DataFrame, columns: list[str]) -> dict[str, dict[tuple, int]]:
    """Each of ``columns`` summed for every (level, name, breakdown, value) cell of the round
    (one grouping per level and breakdown for all columns at once)."""
    sizes: dict[str, dict[tuple, int]] = {column: {} for column in columns}
    for level in LEVELS:
        for by in BREAKDOWNS:
            keys = [k for k in (level, by) if k and k != "organisation"]
            if not keys:
                for column, total in frame[columns].sum().items():
                    sizes[column][("organisation", "organisation", None, None)] = int(total)
                continue
            summed = frame.groupby(keys)[columns].sum()
            cells = [(level, key[0] if level != "organisation" else "organisation", by,
                      key[-1] if by else None)
                     for key in (k if isinstance(k, tuple) else (k,) for k in summed.index)]
            for column in columns:
                sizes[column].update(zip(cells, summed[column].astype(int).tolist()))
    return sizes


def _relations(people: pd.DataFrame) -> list[Relation]:
    """Every sum a reader can form: the organisation from its units or its groups, a group from
    its units (per breakdown value), and every scope from its genders or its age groups."""
    groups = people.groupby("unit_group")["unit"].unique()
    values = {by: sorted(people[by].unique()) for by in ("gender", "age_group")}
    relations: list[Relation] = []
    for by, value in [(None, None), *((by, v) for by, vs in values.items() for v in vs)]:
        org = ("organisation", "organisation", by, value)
        relations.append((org, [("unit", u, by, value) for u in sorted(people["unit"].unique())]))
        relations.append((org, [("unit_group", g, by, value) for g in groups.index]))
        relations += [(("unit_group", g, by, value), [("unit", u, by, value) for u in sorted(units)])
                      for g, units in groups.items()]
    scopes = {("organisation", "organisation")} | {("unit", u) for u in people["unit"]} | {
        ("unit_group", g) for g in groups.index}
    for level, name in sorted(scopes):
        relations += [((level, name, None, None), [(level, name, by, v) for v in vs])
                      for by, vs in values.items()]
    return relations


def round_pattern(people: pd.DataFrame, skipped: pd.DataFrame, item_keys: list[str],
                  min_group: int) -> dict[str, dict[tuple, str]]:
    """The hidden cells of a round per question key, and why, for every scope and breakdown.

    ``people``: respondents per unit, unit group, gender and age group; ``skipped``: the same
    with ``item_key`` and ``skipped`` (left empty or "don't know"). A cell with few respondents
    is hidden for every question; one with few answers to a question for that one. Questions
    nobody skipped share one pattern, computed once.
    """
    if people.empty:
        return {}
    keys = ["unit", "unit_group", "gender", "age_group"]
    people = people.astype({"gender": str, "age_group": str})
    skipped = skipped.astype({"gender": str, "age_group": str})
    relations = Sums(_relations(people))
    # Answered per question: respondents less those who skipped it, one column per question.
    asked = set(skipped["item_key"].unique())
    skipped_items = [k for k in item_keys if k in asked]
    answered = people
    if skipped_items:
        wide = skipped[skipped["item_key"].isin(skipped_items)].pivot_table(
            index=keys, columns="item_key", values="skipped", aggfunc="sum")
        answered = people.merge(wide.reset_index(), on=keys, how="left")
    for item_key in skipped_items:
        answered[item_key] = answered["respondents"] - answered[item_key].fillna(0)
    sizes = _cell_sizes(answered, ["respondents", *skipped_items])
    respondents = sizes["respondents"]
    few_people = {cell for cell, size in respondents.items() if 0 < size < min_group}
    common = hiding_pattern(respondents, relations, min_group)
    return {item_key: hiding_pattern(sizes[item_key], relations, min_group, too_few=few_people)
            if item_key in sizes else common for item_key in item_keys}


def hidden_cells(patterns: Mapping[str, Mapping[tuple, str]], level: str, name: str | None,
                 by: str | None) -> dict[tuple[str, str], str]:
    """The reasons per (group, question) of one scope's table, as ``summarise`` takes them:
    groups are the breakdown's values, or the scope itself (``name`` None: one row per
    ``level`` member, e.g. every unit of the round overview)."""
    found = {}
    for item_key, pattern in patterns.items():
        for (cell_level, cell_name, cell_by, value), reason in pattern.items():
            if cell_level != level or cell_by != by or (name is not None and cell_name != name):
                continue
            found[(value if by else cell_name, item_key)] = reason
    return found
