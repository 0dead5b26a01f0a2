"""Survey round results: share of positive answers per question and unit, small groups hidden."""
from __future__ import annotations

import pandas as pd

from ..instruments import ChoiceAnswer, Questionnaire

SUPPRESSED = "fewer-than-min"
ORGANISATION = "all units"

ANSWER_COLUMNS = ["response_id", "unit", "item_key", "option_key"]


def _summarise_group(group: pd.DataFrame, questionnaire: Questionnaire, respondents: int,
                     min_group: int) -> list[dict]:
    rows = []
    counts_by_item = group.groupby("item_key")["option_key"].value_counts()
    for item in questionnaire.items:
        if not isinstance(item.answer, ChoiceAnswer):
            continue
        scale = questionnaire.scale_of(item)
        counts = counts_by_item.get(item.key, pd.Series(dtype=int)).to_dict()
        summary = item.answer.summarise(counts, scale)
        hidden = respondents < min_group or summary.answered < min_group
        rows.append({
            "item_key": item.key,
            "respondents": respondents,
            "n": None if hidden else summary.answered,
            "share_positive": None if hidden else summary.share_positive,
            "suppressed": hidden,
        })
    return rows


def round_unit_table(answers: pd.DataFrame, questionnaire: Questionnaire,
                     min_group: int) -> pd.DataFrame:
    """One row per unit (and the whole organisation) and choice question.

    ``answers`` has one row per answer with columns response_id, unit, item_key and
    option_key (None when skipped). A cell built from fewer than ``min_group``
    respondents or answers has ``n`` and ``share_positive`` empty and ``suppressed`` set.
    """
    missing = set(ANSWER_COLUMNS) - set(answers.columns)
    if missing:
        raise ValueError(f"answers frame lacks columns {sorted(missing)}")
    rows = []
    for unit, group in [(ORGANISATION, answers), *answers.groupby("unit", sort=True)]:
        respondents = group["response_id"].nunique()
        valid = group.dropna(subset=["option_key"])
        rows += [{"unit": unit, **row}
                 for row in _summarise_group(valid, questionnaire, respondents, min_group)]
    return pd.DataFrame(rows, columns=["unit", "item_key", "respondents", "n",
                                       "share_positive", "suppressed"])
