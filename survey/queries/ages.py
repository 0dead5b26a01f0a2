"""Ages at intake read for reports: the scheme a report chose and each episode's band in it
(shared by the unit follow-up report and the pivot tables)."""
from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from survey.domain.age_schemes import STARTER_SCHEMES, AgeScheme
from survey.models import Client, Episode
from survey.queries.variables import age_schemes


def chosen_scheme(db: Session, key: str | None) -> tuple[AgeScheme, list[AgeScheme]]:
    """The scheme of this key, else the first (a report that named a deleted scheme reads the
    first), and every scheme to choose from (the survey's groups if the organisation has none)."""
    schemes = age_schemes(db) or list(STARTER_SCHEMES[:1])
    return next((s for s in schemes if s.key == key), schemes[0]), schemes


def episode_ages(db: Session, episode_ids: Iterable[int] | Select) -> pd.DataFrame:
    """Per episode: the age at intake (None when not known) and the client's survey age group.
    ``episode_ids`` may be a ``select()`` of ids, so a large scope needs no list of them."""
    ids = episode_ids if isinstance(episode_ids, Select) else list(episode_ids)
    rows = db.execute(select(Episode.id, Episode.age_at_intake, Client.age_group)
                      .join(Client, Client.id == Episode.client_id).where(Episode.id.in_(ids)))
    frame = pd.DataFrame(rows.all(), columns=["episode_id", "age_at_intake", "age_group"])
    return frame.astype({"age_at_intake": object}).where(frame.notna(), None)


def age_bands(ages: pd.DataFrame, scheme: AgeScheme) -> pd.Series:
    """Each episode's band code in the scheme (``AgeScheme.band_of``: the age, else the survey
    group when it lies in one band, else "not stated"), indexed by episode id; worked out once
    per distinct age and group, not per episode."""
    pairs = ages[["age_at_intake", "age_group"]].drop_duplicates()
    band = {(age, group): scheme.band_of(None if age is None else int(age), group)
            for age, group in pairs.itertuples(index=False)}
    return pd.Series([band[(a, g)] for a, g in zip(ages["age_at_intake"], ages["age_group"])],
                     index=ages["episode_id"].to_numpy(), dtype=object, name="age_band")
