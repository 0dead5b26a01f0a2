"""The pivot cache gives what a fresh read gives: over dates across two years, for a unit and
for the organisation, before and after a change; what it keeps is read once."""
from __future__ import annotations

from datetime import date

from survey.domain.pivots import PivotSpec
from survey.models import Client, Episode
from survey.queries import pivots as queries
from survey.services.pivot_cache import PivotCache
from survey.services.pivots import pivot_view


def _cells(view):
    return {(r, c): v for (_, table) in view.tables for r, row in table.counts.iterrows() for c, v in row.items()}


def test_kept_frames_give_what_a_fresh_read_gives(db, org, monkeypatch):
    north = org["units"]["north"]
    for n, opened in enumerate([date(2024, 11, 20), date(2024, 12, 30), date(2025, 1, 2), date(2025, 2, 1)]):
        client = Client(code=f"Y{n}", unit=north, therapist=org["staff"]["anna"], gender="man" if n % 2 else "woman",
                        age_group="18-29")
        db.add(Episode(client=client, therapist=org["staff"]["anna"], opened_on=opened, age_at_intake=20 + n))
    db.commit()
    spec, cache = PivotSpec("gender", "age", scheme="ten-years"), PivotCache()
    reads = []
    facts = queries.episode_facts
    monkeypatch.setattr("survey.services.pivot_cache.episode_facts",
                        lambda *a: reads.append(a[2].year) or facts(*a))

    def both(units, **kw):
        kept = pivot_view(db, spec, units, 5, span=(date(2024, 12, 1), date(2025, 1, 31)), exact=True,
                          cache=cache, **kw)
        return _cells(kept), _cells(pivot_view(db, spec, units, 5, span=(date(2024, 12, 1), date(2025, 1, 31)),
                                               exact=True, **kw))

    kept, fresh = both([north])
    assert kept == fresh and kept[("total", "total")] == 2 and kept[("woman", "20-29")] == 1
    assert reads == [2024, 2025, 2024, 2025]  # the kept view's years, then the fresh one's
    assert both([north]) == (kept, fresh) and reads[4:] == [2024, 2025]  # the fresh one's only
    everyone = both(list(org["units"].values()), whole_scope=True)
    assert everyone[0] == everyone[1] and everyone[0][("total", "total")] == 2
    db.add(Episode(client=Client(code="Y9", unit=north, therapist=org["staff"]["anna"], gender="woman",
                                 age_group="18-29"), therapist=org["staff"]["anna"], opened_on=date(2025, 1, 5)))
    db.commit()
    kept, fresh = both([north])
    assert kept == fresh and kept[("total", "total")] == 3
