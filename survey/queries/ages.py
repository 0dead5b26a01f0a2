"""Ages at intake read for reports: the scheme a report chose and each episode's band in it
(shared by the unit follow-up report and the pivot tables)."""
from __future__ import annotations

from collections.abc import Iterable

import numpy as np
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
    """Each episode's band code in the scheme, as ``AgeScheme.band_of`` gives it (the age, else
    the survey group when it lies in one band, else "not stated"), indexed by episode id; a
    comparison per band over all episodes at once, fast enough for a pivot of 100,000."""
    age = ages["age_at_intake"].to_numpy(dtype=float)  # None: NaN
    known = ~np.isnan(age)
    codes = list(scheme.codes)  # the bands, then "not stated"
    which = np.full(len(ages), len(codes) - 1)
    for index, band in enumerate(scheme.bands):
        which[known & (age >= band.low) & (age <= (np.inf if band.high is None else band.high))] = index
    groups = ages["age_group"].to_numpy(dtype=object)[~known]
    of_group = {group: codes.index(scheme.band_of(None, group)) for group in set(groups)}
    which[~known] = [of_group[group] for group in groups]
    return pd.Series(np.array(codes, dtype=object)[which], index=ages["episode_id"].to_numpy(),
                     dtype=object, name="age_band")
