"""A pivot's counts from an episode's facts and its variables' values (pandas, no database):
episodes by unit, month of intake, row value and column value, each dimension worked out for
every episode at once.

``facts``: one row per episode (``FACT_COLUMNS``); ``values``: per variable key, the codes or
numbers of each episode's newest recording (``VALUE_COLUMNS``; a variable of several choices a
row per chosen code). An episode with no value is "not stated", as is a code no version offers.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date

import numpy as np
import pandas as pd

from survey.domain.age_schemes import AgeBand, AgeScheme
from survey.domain.pivots import (
    AGE,
    DAYS_PER_MONTH,
    GENDER,
    GOALS,
    INTERVENTION,
    LENGTH,
    PLAN,
    UNIT,
    PivotSpec,
    groups_from,
    variable_key,
)
from survey.domain.variables import COUNT, NOT_STATED, NUMBER, TEXT
from survey.domain.vocabulary import AGE_GROUPS

FACT_COLUMNS = ["episode_id", "unit_id", "month", "opened_on", "closed_on", "length_group",
                "intervention_type", "planned", "age_at_intake", "age_group", "gender", "goals"]
VALUE_COLUMNS = ["episode_id", "option_code", "number"]
COUNT_COLUMNS = ["unit_id", "month", "row", "column", "n"]


def banded(numbers, bands: Iterable[AgeBand]) -> np.ndarray:
    """Each number's group (``groups_from``: from its low end up to the next whole number above
    its high end), else None."""
    numbers = np.asarray(numbers, dtype=float)
    found = np.full(len(numbers), None, dtype=object)
    with np.errstate(invalid="ignore"):
        for band in bands:
            inside = numbers >= band.low
            if band.high is not None:
                inside &= numbers < band.high + 1
            found[inside & pd.isna(found)] = band.code
    return found


def _stated(found: np.ndarray) -> np.ndarray:
    return np.where(pd.isna(found), NOT_STATED, found)


def _age(facts: pd.DataFrame, scheme: AgeScheme) -> np.ndarray:
    """The band of the age at intake; without an age, of the survey group when it lies wholly in
    one band; else not stated."""
    codes = {band.code for band in scheme.bands}
    by_group = {group: code for group in AGE_GROUPS
                if (code := scheme.band_of(None, group)) in codes}
    found = banded(facts["age_at_intake"], scheme.bands)
    unknown = facts["age_at_intake"].isna().to_numpy()
    groups = facts["age_group"].map(by_group).to_numpy(dtype=object)
    found[unknown] = groups[unknown]
    return _stated(found)


def _length(facts: pd.DataFrame, spec: PivotSpec, length_end: date) -> np.ndarray:
    """The length group a file gave (not stated if not one of the groups), else the months from
    intake to the end (or to ``length_end``, whichever comes first) in their group."""
    groups = groups_from(spec.length_groups)
    limit = pd.Timestamp(length_end)
    closed = facts["closed_on"]
    end = closed.where(closed.notna() & (closed <= limit), limit)
    months = (end - facts["opened_on"]).dt.days.to_numpy(dtype=float) / DAYS_PER_MONTH
    given = facts["length_group"]
    named = given.where(given.isin([g.code for g in groups]), NOT_STATED)
    return np.where(given.notna(), named.to_numpy(dtype=object), _stated(banded(months, groups)))


def _yes_no(flags: pd.Series) -> np.ndarray:
    return np.where(flags.to_numpy(dtype=bool), "yes", "no")


def _built_in(facts: pd.DataFrame, dimension: str, spec: PivotSpec,
              schemes: Mapping[str, AgeScheme], length_end: date) -> np.ndarray:
    if dimension == GENDER:
        return facts["gender"].fillna(NOT_STATED).to_numpy(dtype=object)
    if dimension == AGE:
        return _age(facts, schemes[spec.scheme])
    if dimension == UNIT:
        return facts["unit_id"].astype(str).to_numpy(dtype=object)
    if dimension == INTERVENTION:
        return facts["intervention_type"].fillna(NOT_STATED).to_numpy(dtype=object)
    if dimension == LENGTH:
        return _length(facts, spec, length_end)
    return _yes_no(facts[{GOALS: "goals", PLAN: "planned"}[dimension]])


def variable_codes(values: pd.DataFrame, kind: str, codes: Sequence[str], spec: PivotSpec) -> pd.DataFrame:
    """A variable's value of each episode that has one (``episode_id``, ``value``): a count or
    number in its group, a code that some version offers."""
    if kind == TEXT:
        raise ValueError("free text is never counted")
    if kind in (COUNT, NUMBER):
        numbers = values[values["option_code"].isna() & values["number"].notna()]
        found = banded(numbers["number"], groups_from(spec.number_groups))
        return pd.DataFrame({"episode_id": numbers["episode_id"].to_numpy(), "value": _stated(found)})
    coded = values[values["option_code"].isin(list(codes))]
    return pd.DataFrame({"episode_id": coded["episode_id"].to_numpy(),
                         "value": coded["option_code"].to_numpy(dtype=object)})


def pivot_counts(facts: pd.DataFrame, values: Mapping[str, pd.DataFrame], spec: PivotSpec,
                 kinds: Mapping[str, str], codes: Mapping[str, Sequence[str]],
                 schemes: Mapping[str, AgeScheme], start: date, end: date, length_end: date,
                 period: str | None = None) -> pd.DataFrame:
    """The episodes whose intake lies from ``start`` to ``end`` counted by unit, month of intake
    (or all as ``period``), row and column value (``COUNT_COLUMNS``). ``codes``: each choice
    variable's codes of every version; lengths of intervention run to ``length_end`` at most."""
    opened = facts["opened_on"]
    chosen = facts[(opened >= pd.Timestamp(start)) & (opened <= pd.Timestamp(end))]
    frame = pd.DataFrame({"episode_id": chosen["episode_id"].to_numpy(),
                          "unit_id": chosen["unit_id"].to_numpy(),
                          "month": chosen["month"].astype(object).to_numpy() if period is None else period})
    axes = ((spec.rows, "row"), (spec.columns, "column"))
    for dimension, name in axes:  # before any variable's rows (several choices) are joined
        if variable_key(dimension) is None:
            frame[name] = _built_in(chosen, dimension, spec, schemes, length_end)
    for dimension, name in axes:
        key = variable_key(dimension)
        if key is None:
            continue
        found = variable_codes(values[key], kinds[key], codes.get(key, ()), spec).rename(columns={"value": name})
        frame = frame.merge(found.drop_duplicates(), on="episode_id", how="left")
        frame[name] = frame[name].fillna(NOT_STATED)
    if frame.empty:
        return pd.DataFrame(columns=COUNT_COLUMNS)
    counts = frame.groupby(["unit_id", "month", "row", "column"], sort=False).size()
    return counts.rename("n").reset_index()[COUNT_COLUMNS]
