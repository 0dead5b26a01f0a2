"""The one disclosure rule of every report: which figures about people may be shown.

A figure is shown when its group holds at least ``min_group`` people and no hidden figure can be
worked out from the figures shown beside it. The caller names every group a viewer can obtain
(``sizes``) and every sum that ties groups together (``relations``: a whole and the parts it is
the sum of: an organisation and its units, a unit and its genders, a quarter and its months).
The pattern is computed once for all of them, so every page and file of a release hides the same
cells. A viewer who may open every record behind the figures sees them exactly (``exact``).
"""
from __future__ import annotations

from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence

FEW = "few"                # the group holds fewer than the minimum
COMPLEMENT = "complement"  # hidden so that a small group cannot be worked out from a sum

Relation = tuple[Hashable, Sequence[Hashable]]


def _needs_more(members: list, gone: list, hidden: dict, sizes: Mapping, min_group: int) -> bool:
    """Whether the hidden members of one sum (``gone``) could be worked out, or add up to a
    small group."""
    if not gone:
        return False
    if len(gone) == 1:
        return True
    if members[0] in hidden:
        return False  # an unknown whole leaves at least two unknowns
    left = sum(sizes.get(m, 0) for m in gone)
    return 0 < left < min_group


def _next_to_hide(members: list, hidden: dict, sizes: Mapping, locked: Collection):
    """The smallest shown part with people in it, or the whole when no part is left; when the
    whole is ``locked`` (shown elsewhere), an empty part: hidden, it keeps the others unknown."""
    whole, *parts = members
    free = [m for m in parts if m not in hidden and m not in locked]
    shown = [m for m in free if sizes.get(m, 0) > 0]
    if shown:
        return min(shown, key=lambda m: (sizes.get(m, 0), str(m)))
    if whole not in hidden and whole not in locked and sizes.get(whole, 0) > 0:
        return whole
    return min(free, key=str) if free and whole in locked else None


class Sums:
    """The relations indexed once (each sum as [whole, *parts], and the sums of each group), so
    that many patterns over the same groups, e.g. one per question of a round, share the work."""

    def __init__(self, relations: Iterable[Relation]):
        self.members = [[whole, *parts] for whole, parts in relations]
        self.of: dict[Hashable, list[int]] = {}
        for index, members in enumerate(self.members):
            for member in members:
                self.of.setdefault(member, []).append(index)


def hiding_pattern(sizes: Mapping[Hashable, int], relations: Iterable[Relation] | Sums,
                   min_group: int, *, too_few: Iterable[Hashable] = (), exact: bool = False,
                   given: Mapping[Hashable, str] | None = None,
                   locked: Collection[Hashable] = frozenset()) -> dict[Hashable, str]:
    """The hidden groups and why (``FEW`` or ``COMPLEMENT``).

    ``sizes``: people per group (an empty group, 0, is shown: it discloses nobody).
    ``relations``: the sums, or a ``Sums`` made of them once for several patterns.
    ``too_few``: groups hidden as too few for another reason (e.g. a question few answered).
    ``given`` and ``locked``: groups an earlier pattern settled, which other tables of the same
    viewer show too: hidden there (with why), or shown there, so never hidden here.
    Hiding one group may force another, which may force a third: repeated until every sum with a
    hidden member has at least two, together holding at least ``min_group`` people.
    """
    if exact:
        return {}
    hidden = {group: FEW for group, size in sizes.items() if 0 < size < min_group and group not in locked}
    hidden |= dict.fromkeys(too_few, FEW)
    hidden |= given or {}
    indexed = relations if isinstance(relations, Sums) else Sums(relations)
    sums, sums_of = indexed.members, indexed.of
    gone: list[list] = [[] for _ in sums]  # the hidden members of each sum, kept up to date
    for group in hidden:
        for index in sums_of.get(group, ()):
            gone[index].append(group)
    # Passes over every sum in order until one changes nothing. A sum none of whose members
    # was hidden since it was last checked is as it was then, so it is not checked again (nor
    # is one with no hidden member: it needs nothing).
    dirty = [bool(members) for members in gone]
    while any(dirty):
        for index, members in enumerate(sums):
            if not dirty[index]:
                continue
            while _needs_more(members, gone[index], hidden, sizes, min_group):
                chosen = _next_to_hide(members, hidden, sizes, locked)
                if chosen is None:
                    break
                hidden[chosen] = COMPLEMENT
                for touched in sums_of[chosen]:
                    dirty[touched] = True
                    gone[touched].append(chosen)
            dirty[index] = False
    return hidden

