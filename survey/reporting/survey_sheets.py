"""Sheets of a round's workbook: take frames and the words of the reader's language (``_``),
return frames; numbers stay numbers."""
from __future__ import annotations

import pandas as pd

from survey.domain.instruments import ChoiceAnswer, Questionnaire
from survey.reporting.words import Words, hidden_text


def summary_sheet(_: Words, summary: pd.DataFrame, groups: list[str],
                  questionnaire: Questionnaire, min_group: int, language: str) -> pd.DataFrame:
    """Share positive (percent) per question (rows) and group (columns); hidden cells say so."""
    cells = summary.set_index(["group", "item_key"])
    rows = {}
    for item in questionnaire.items:
        if not isinstance(item.answer, ChoiceAnswer):
            continue
        row = {}
        for group in groups:
            cell = cells.loc[(group, item.key)]
            row[group] = (hidden_text(_, min_group, cell["hidden"]) if cell["suppressed"]
                          else round(100 * cell["share_positive"], 1))
        rows[item.text[language]] = row
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=groups)
    frame = frame.rename(columns={"organisation": _("Whole organisation")})
    frame.index.name = _("Question (share positive, %)")
    return frame


def unit_sheet(_: Words, summary: pd.DataFrame, options: pd.DataFrame, group: str,
               questionnaire: Questionnaire, min_group: int, language: str) -> pd.DataFrame:
    """Count and percent of every option of every question for one group."""
    cells = summary[summary["group"] == group].set_index("item_key")
    counts = options[options["group"] == group].set_index(["item_key", "option_key"])
    rows = []
    for item in questionnaire.items:
        if not isinstance(item.answer, ChoiceAnswer):
            continue
        cell = cells.loc[item.key]
        hidden = bool(cell["suppressed"])
        hidden_as = hidden_text(_, min_group, cell["hidden"])
        for option in questionnaire.scale_of(item).options:
            got = counts.loc[(item.key, option.key)]
            rows.append([item.text[language], option.label[language],
                         hidden_as if hidden else int(got["count"]),
                         "" if hidden or got["share"] is None or pd.isna(got["share"]) else round(100 * got["share"], 1)])
        rows.append([item.text[language], _("No answer"),
                     hidden_as if hidden else int(cell["unanswered"]), ""])
        rows.append([item.text[language], _("Share positive (%)"), "",
                     hidden_as if hidden else round(100 * cell["share_positive"], 1)])
    return pd.DataFrame(rows, columns=[_("Question"), _("Answer"), _("Count"), _("Percent")])
