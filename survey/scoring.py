"""Scores of the session instruments: totals and the thresholds that flag them. Pure functions."""
from __future__ import annotations

from typing import Iterable

import pandas as pd

from .instruments import Questionnaire


def total(item_values: Iterable[float | None]) -> float | None:
    """Sum of the item scores, one decimal; ``None`` unless every item was answered."""
    values = list(item_values)
    if not values or any(v is None for v in values):
        return None
    return round(sum(values), 1)


def below_cutoff(outcome_total: float, instrument: Questionnaire, band: str) -> bool:
    """True when an outcome total lies in the clinical range for the age band."""
    cutoffs = instrument.thresholds.cutoff or {}
    if band not in cutoffs:
        raise ValueError(f"{instrument.ref} has no cut-off for age band {band}")
    return outcome_total < cutoffs[band]


def alliance_flags(item_values: dict[str, float], instrument: Questionnaire) -> list[str]:
    """Why an alliance rating asks for a talk about the collaboration (empty when it does not)."""
    t = instrument.thresholds
    flags = []
    alliance_total = total(item_values.values())
    if alliance_total is not None and t.alliance_total is not None and alliance_total < t.alliance_total:
        flags.append("total-below-threshold")
    if t.alliance_item is not None and any(v < t.alliance_item for v in item_values.values()):
        flags.append("item-below-threshold")
    return flags


def session_totals(answers: pd.DataFrame, kind_of: dict[str, str]) -> pd.DataFrame:
    """Per session: number, date and the total of each instrument kind (outcome, alliance).

    ``answers`` has a row per item answer (columns session_id, number, held_on,
    questionnaire_id, value); ``kind_of`` maps a questionnaire id to its kind. A total is
    empty unless every item of that instrument was answered.
    """
    columns = ["session_id", "number", "held_on", *sorted(set(kind_of.values()))]
    if answers.empty:
        return pd.DataFrame(columns=columns)
    frame = answers.assign(kind=answers["questionnaire_id"].map(kind_of))
    totals = (
        frame.groupby(["session_id", "number", "held_on", "kind"])["value"]
        .agg(lambda values: total(None if pd.isna(v) else v for v in values))
        .unstack("kind")
        .reset_index()
    )
    return totals.reindex(columns=columns).sort_values("number").reset_index(drop=True)
