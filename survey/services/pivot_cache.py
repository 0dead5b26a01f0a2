"""``PivotCache``: what pivots count (each episode's facts and each variable's newest values, per
scope and year of intake), kept until the database's pivot stamp changes, and the hiding
patterns worked out from the tables they gave.

Reading 100,000 episodes and their values is the slow part of a pivot; a warm pivot is pandas
over the kept frames. The stamp (``queries.pivot_stamp``) is raised by the database's own
triggers on every change to clients, episodes, recorded values and goals, so no write path can
leave a kept frame stale. A pattern is keyed by the tables themselves, which hold everything
it depends on.
"""
from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from datetime import date

import pandas as pd
from sqlalchemy.orm import Session

from survey.domain.age_schemes import AgeScheme
from survey.domain.pivots import PivotSpec, variable_key
from survey.queries.pivots import episode_facts, newest_values, pivot_stamp
from survey.reporting.pivot_counts import pivot_counts


class _Year:
    """One scope's episodes of one year of intake and the values read for them so far."""

    def __init__(self, stamp: tuple, facts: pd.DataFrame) -> None:
        self.stamp, self.facts, self.values = stamp, facts, {}


def _joined(frames: list[pd.DataFrame]) -> pd.DataFrame:
    return frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)


class PivotCache:
    """The app's kept pivot frames and patterns (``survey_pivot_cache``)."""

    def __init__(self, size: int = 24, patterns: int = 64) -> None:
        self.size, self.pattern_size = size, patterns
        self._years: dict[tuple, _Year] = {}
        self._patterns: dict[Hashable, dict] = {}
        self._lock = threading.Lock()  # for the bookkeeping only; reading and counting run outside it

    def _keep(self, kept: dict, size: int, key, found) -> None:
        """``found`` kept under ``key`` as the most recently used, the least recently used
        given up beyond ``size``."""
        with self._lock:
            kept.pop(key, None)
            while len(kept) >= size:
                kept.pop(next(iter(kept)))
            kept[key] = found

    def _year(self, db: Session, stamp: tuple, scope: tuple[int, ...] | None, year: int) -> _Year:
        key = (scope, year)
        found = self._years.get(key)
        if found is None or found.stamp != stamp:
            found = _Year(stamp, episode_facts(db, scope, date(year, 1, 1), date(year, 12, 31)))
        self._keep(self._years, self.size, key, found)
        return found

    def counts(self, db: Session, unit_ids: Iterable[int] | None, spec: PivotSpec,
               releases: Sequence[tuple[date, date, date, str | None]], kinds: Mapping[str, str],
               codes: Mapping[str, Sequence[str]], schemes: Mapping[str, AgeScheme]) -> pd.DataFrame:
        """``reporting.pivot_counts`` of each release (start, end, length end, period key or
        None for by month) over the kept frames of these units (None: every unit), one frame."""
        stamp = pivot_stamp(db)
        scope = None if unit_ids is None else tuple(sorted(set(unit_ids)))
        keys = [k for k in (variable_key(spec.rows), variable_key(spec.columns)) if k]
        found = []
        for start, end, length_end, period in releases:
            years = [self._year(db, stamp, scope, y) for y in range(start.year, end.year + 1)]
            for key in keys:
                for y, kept in zip(range(start.year, end.year + 1), years):
                    if key not in kept.values:
                        kept.values[key] = newest_values(db, scope, key, date(y, 1, 1), date(y, 12, 31))
            facts = _joined([kept.facts for kept in years])
            values = {key: _joined([kept.values[key] for kept in years]) for key in keys}
            found.append(pivot_counts(facts, values, spec, kinds, codes, schemes, start, end, length_end, period))
        return pd.concat(found, ignore_index=True)

    def pattern(self, tables: Mapping[Hashable, pd.DataFrame], context: Hashable,
                compute: Callable[[], dict]) -> dict:
        """The hiding pattern of these tables (and ``context``: what else it depends on), worked
        out once."""
        key = (context, tuple((name, tuple(table.index), tuple(table.columns), table.to_numpy().tobytes())
                              for name, table in tables.items()))
        found = self._patterns.get(key)
        if found is None:
            found = compute()
        self._keep(self._patterns, self.pattern_size, key, found)
        return found
