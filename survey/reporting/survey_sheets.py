"""Sheets of a round's workbook: take frames and the words of the reader's language (``_``),
return frames; numbers stay numbers. The frames are read once into plain lookups, and what a
hidden cell says is worded once per reason, however many units the workbook has."""
from __future__ import annotations

import pandas as pd

from survey.domain.disclosure import COMPLEMENT, FEW
from survey.domain.instruments import ChoiceAnswer, Questionnaire
from survey.reporting.words import Words, hidden_text


def _cells(frame: pd.DataFrame, *keys: str) -> dict[tuple, dict]:
    """Rows as dicts by the given columns."""
    return {tuple(row[k] for k in keys): row for row in frame.to_dict("records")}


def _hidden_words(_: Words, min_group: int):
    """What a hidden cell says, by its reason (``hidden_text``), worded once."""
    words = {reason: hidden_text(_, min_group, reason) for reason in (FEW, COMPLEMENT)}
    return lambda reason: words[FEW] if reason == FEW else words[COMPLEMENT]


def summary_sheet(_: Words, summary: pd.DataFrame, groups: list[str],
                  questionnaire: Questionnaire, min_group: int, language: str) -> pd.DataFrame:
    """Share positive (percent) per question (rows) and group (columns); hidden cells say so."""
    cells = _cells(summary, "group", "item_key")
    hidden_as = _hidden_words(_, min_group)
    rows = {}
    for item in questionnaire.items:
        if not isinstance(item.answer, ChoiceAnswer):
            continue
        row = {}
        for group in groups:
            cell = cells[(group, item.key)]
            row[group] = (hidden_as(cell["hidden"]) if cell["suppressed"]
                          else round(100 * cell["share_positive"], 1))
        rows[item.text[language]] = row
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=groups)
    frame = frame.rename(columns={"organisation": _("Whole organisation")})
    frame.index.name = _("Question (share positive, %)")
    return frame


def unit_sheets(_: Words, summary: pd.DataFrame, options: pd.DataFrame, groups: list[str],
                questionnaire: Questionnaire, min_group: int, language: str
                ) -> dict[str, pd.DataFrame]:
    """Per group: count and percent of every option of every question."""
    cells = _cells(summary, "group", "item_key")
    counts = _cells(options, "group", "item_key", "option_key")
    hidden_words = _hidden_words(_, min_group)
    columns = [_("Question"), _("Answer"), _("Count"), _("Percent")]
    no_answer, share_positive = _("No answer"), _("Share positive (%)")
    items = [(item, questionnaire.scale_of(item).options) for item in questionnaire.items
             if isinstance(item.answer, ChoiceAnswer)]
    sheets = {}
    for group in groups:
        rows = []
        for item, scale_options in items:
            text = item.text[language]
            cell = cells[(group, item.key)]
            hidden = bool(cell["suppressed"])
            hidden_as = hidden_words(cell["hidden"])
            for option in scale_options:
                got = counts[(group, item.key, option.key)]
                rows.append([text, option.label[language],
                             hidden_as if hidden else int(got["count"]),
                             "" if hidden or got["share"] is None or pd.isna(got["share"])
                             else round(100 * got["share"], 1)])
            rows.append([text, no_answer, hidden_as if hidden else int(cell["unanswered"]), ""])
            rows.append([text, share_positive, "",
                         hidden_as if hidden else round(100 * cell["share_positive"], 1)])
        sheets[group] = pd.DataFrame(rows, columns=columns)
    return sheets
