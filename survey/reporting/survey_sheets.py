"""Sheets of a round's workbook and the workbook itself: take frames, return frames or bytes."""
from __future__ import annotations

import pandas as pd

from survey.domain.disclosure import FEW
from survey.domain.instruments import ChoiceAnswer, Questionnaire


def hidden_text(min_group: int, reason: str | None = FEW) -> str:
    """What a hidden cell says: too few, or hidden to protect another group."""
    return f"färre än {min_group}" if reason == FEW else "dold för att skydda en annan grupp"


def hidden_note(min_group: int) -> str:
    """The explanation under every table and in every file with hidden cells."""
    return (f"Grupper med färre än {min_group} personer visas inte (\"färre än {min_group}\"). "
            "En grupp som annars skulle gå att räkna fram ur andra siffror, t.ex. totalen minus "
            "de visade grupperna, döljs också (\"dold för att skydda en annan grupp\").")


def summary_sheet(summary: pd.DataFrame, groups: list[str], questionnaire: Questionnaire,
                  min_group: int, language: str = "sv") -> pd.DataFrame:
    """Share positive (percent) per question (rows) and group (columns); hidden cells say so."""
    cells = summary.set_index(["group", "item_key"])
    rows = {}
    for item in questionnaire.items:
        if not isinstance(item.answer, ChoiceAnswer):
            continue
        row = {}
        for group in groups:
            cell = cells.loc[(group, item.key)]
            row[group] = (hidden_text(min_group, cell["hidden"]) if cell["suppressed"]
                          else round(100 * cell["share_positive"], 1))
        rows[item.text[language]] = row
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=groups)
    frame = frame.rename(columns={"organisation": "Hela organisationen"})
    frame.index.name = "Fråga (andel positiva, %)"
    return frame


def unit_sheet(summary: pd.DataFrame, options: pd.DataFrame, group: str,
               questionnaire: Questionnaire, min_group: int, language: str = "sv") -> pd.DataFrame:
    """Count and percent of every option of every question for one group."""
    cells = summary[summary["group"] == group].set_index("item_key")
    counts = options[options["group"] == group].set_index(["item_key", "option_key"])
    rows = []
    for item in questionnaire.items:
        if not isinstance(item.answer, ChoiceAnswer):
            continue
        cell = cells.loc[item.key]
        hidden = bool(cell["suppressed"])
        hidden_as = hidden_text(min_group, cell["hidden"])
        for option in questionnaire.scale_of(item).options:
            got = counts.loc[(item.key, option.key)]
            rows.append([item.text[language], option.label[language],
                         hidden_as if hidden else int(got["count"]),
                         "" if hidden or got["share"] is None or pd.isna(got["share"]) else round(100 * got["share"], 1)])
        rows.append([item.text[language], "Ej svar", hidden_as if hidden else int(cell["unanswered"]), ""])
        rows.append([item.text[language], "Andel positiva (%)", "",
                     hidden_as if hidden else round(100 * cell["share_positive"], 1)])
    return pd.DataFrame(rows, columns=["Fråga", "Svar", "Antal", "Procent"])
