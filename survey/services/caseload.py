"""A therapist's start page: the caseload searched, filtered, sorted and paged, with what is due."""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

from survey.domain.schedule import Point
from survey.models import Client, Episode
from survey.services.feedback import OpenSignal, current_episode

PAGE_SIZE = 25
SORTS = ("code", "unit", "signals", "due", "opened")


@dataclass(frozen=True)
class CaseloadQuery:
    """What the start page was asked for; unknown values fall back to showing everything."""

    search: str = ""
    unit_id: int | None = None
    status: str = ""  # "open", "closed" or "" for both
    signals: bool = False  # only clients with a signal nobody has acted on
    due: bool = False  # only clients with something due
    sort: str = "code"
    page: int = 1


@dataclass
class Row:
    client: Client
    is_open: bool
    signals: int
    due: int


@dataclass
class CaseloadPage:
    rows: list[Row]
    total: int  # clients matching the query
    page: int
    pages: int
    due: list[tuple[Client, Episode, Point]] = field(default_factory=list)  # of the matching clients
    signals: list[OpenSignal] = field(default_factory=list)


def _sort_key(sort: str):
    return {
        "unit": lambda r: (r.client.unit.name, r.client.code),
        "signals": lambda r: (-r.signals, r.client.code),
        "due": lambda r: (-r.due, r.client.code),
        "opened": lambda r: (-max((e.opened_on.toordinal() for e in r.client.episodes), default=0),
                             r.client.code),
    }.get(sort, lambda r: r.client.code)


def caseload_page(clients: list[Client], signals: list[OpenSignal],
                  due: list[tuple[Client, Episode, Point]], query: CaseloadQuery) -> CaseloadPage:
    """The clients matching ``query`` on its page, and the signals and due points of them all."""
    signal_count = Counter(o.client.id for o in signals)
    due_count = Counter(c.id for c, _, _ in due)
    rows = [Row(c, current_episode(c) is not None, signal_count[c.id], due_count[c.id])
            for c in clients]
    search = query.search.strip().upper()
    rows = [r for r in rows
            if search in r.client.code
            and (query.unit_id is None or r.client.unit_id == query.unit_id)
            and (query.status != "open" or r.is_open)
            and (query.status != "closed" or not r.is_open)
            and (not query.signals or r.signals)
            and (not query.due or r.due)]
    rows.sort(key=_sort_key(query.sort))
    pages = max(1, math.ceil(len(rows) / PAGE_SIZE))
    page = min(max(1, query.page), pages)
    chosen = {r.client.id for r in rows}
    return CaseloadPage(rows[(page - 1) * PAGE_SIZE:page * PAGE_SIZE], len(rows), page, pages,
                        [d for d in due if d[0].id in chosen],
                        [o for o in signals if o.client.id in chosen])
