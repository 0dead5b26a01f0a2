"""The words a report's file needs, given to reporting by its caller: reporting is pure and
wordless, so every header, sheet name and note is asked of ``words``, a gettext-shaped callable
(``words("Summary")``, ``words("fewer than %(n)s", n=5)``). The web layer passes Flask-Babel's
``gettext``, so a file speaks its reader's language and ``survey translations`` finds every id."""
from __future__ import annotations

from typing import Protocol

from survey.domain.disclosure import FEW


class Words(Protocol):
    def __call__(self, message: str, **params: object) -> str: ...


def hidden_text(_: Words, min_group: int, reason: str | None = FEW) -> str:
    """What a hidden cell says: too few, or hidden to protect another group."""
    if reason == FEW:
        return _("fewer than %(n)s", n=min_group)
    return _("hidden to protect another group")


def hidden_note(_: Words, min_group: int) -> str:
    """The explanation under every table and in every file with hidden cells."""
    return _('Groups of fewer than %(n)s people are not shown ("fewer than %(n)s"). A group that '
             "could otherwise be worked out from other figures, e.g. the total minus the groups "
             'shown, is hidden too ("hidden to protect another group").', n=min_group)
