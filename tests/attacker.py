"""The attacker's one method, shared by the attack tests: whole minus shown parts, and parts
summed to wholes, until nothing new comes out. A figure is a tuple of counts (one or more)."""
from __future__ import annotations


def derive(known: dict, relations) -> dict:
    """Every figure ``known`` and ``relations`` (whole, parts) give, as tuples of counts."""
    known = dict(known)
    changed = True
    while changed:
        changed = False
        for whole, parts in relations:
            missing = [p for p in parts if p not in known]
            if whole in known and len(missing) == 1:
                rest = [known[p] for p in parts if p in known]
                known[missing[0]] = tuple(w - sum(r[i] for r in rest) for i, w in enumerate(known[whole]))
                changed = True
            elif whole not in known and not missing and parts:
                known[whole] = tuple(map(sum, zip(*(known[p] for p in parts))))
                changed = True
    return known
