"""The organisation's age-group schemes for reports: create, change and delete one.

A scheme's bands may be changed even when saved reports use it: ages are stored in whole years,
so every report puts them in the current bands when it is read and nothing stored depends on the
old ones. Refusals are ``AgeSchemeError`` codes (``domain.age_schemes``' and the ones here)."""
from __future__ import annotations

import re
from collections.abc import Mapping

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from survey.domain.age_schemes import bands_from
from survey.domain.variables import VariableProblem
from survey.domain.vocabulary import STAFF_LANGUAGES
from survey.models import AgeSchemeRow
from survey.operations.errors import OperationError

NAME_LENGTH = 80


class AgeSchemeError(OperationError):
    """An age scheme that cannot be saved or deleted."""


def _checked(names: Mapping[str, str], bands: str) -> tuple[dict[str, str], str]:
    """The names (by staff language, empty ones left out) and the bands as the domain writes
    them (``"0-5, 6-12, 18+"``)."""
    names = {lang: text.strip() for lang, text in names.items()
             if lang in STAFF_LANGUAGES and (text or "").strip()}
    if not names:
        raise AgeSchemeError("scheme-name-missing")
    if any(len(text) > NAME_LENGTH for text in names.values()):
        raise AgeSchemeError("scheme-name-too-long", most=NAME_LENGTH)
    try:
        parsed = bands_from(bands)
    except VariableProblem as problem:
        raise AgeSchemeError(problem.code, **problem.params) from None
    return names, ", ".join(band.code for band in parsed)


def _new_key(db: Session, names: Mapping[str, str]) -> str:
    """A key for ``?ages=`` from the English name, else the first given; unique."""
    base = re.sub(r"[^a-z0-9]+", "-", (names.get("en") or next(iter(names.values()))).lower())
    base = base.strip("-")[:30] or "scheme"
    taken = set(db.scalars(select(AgeSchemeRow.key)))
    key, number = base, 2
    while key in taken:
        key, number = f"{base}-{number}", number + 1
    return key


def _place(db: Session, row: AgeSchemeRow, place: int | None) -> None:
    """Put the scheme at ``place`` in the list (1 is the first, the reports' default; None:
    last) and number every scheme's position again."""
    others = [r for r in db.scalars(select(AgeSchemeRow).order_by(AgeSchemeRow.position,
                                                                   AgeSchemeRow.id)) if r is not row]
    index = len(others) if place is None else min(max(place, 1), len(others) + 1) - 1
    for position, scheme in enumerate([*others[:index], row, *others[index:]]):
        scheme.position = position
    db.flush()


def create_age_scheme(db: Session, names: Mapping[str, str], bands: str,
                      place: int | None = None) -> AgeSchemeRow:
    """A new scheme, last unless a place is given."""
    names, bands = _checked(names, bands)
    row = AgeSchemeRow(key=_new_key(db, names), names=names, bands=bands)
    db.add(row)
    _place(db, row, place)
    return row


def update_age_scheme(db: Session, row: AgeSchemeRow, names: Mapping[str, str], bands: str,
                      place: int) -> None:
    """New names, bands and place in the list; the key (in saved reports' addresses) stays."""
    row.names, row.bands = _checked(names, bands)
    _place(db, row, place)


def delete_age_scheme(db: Session, row: AgeSchemeRow) -> None:
    """Delete a scheme unless it is the last one (every report needs one); a saved report that
    named it reads the first scheme instead."""
    if db.scalar(select(func.count()).select_from(AgeSchemeRow)) <= 1:
        raise AgeSchemeError("scheme-last")
    db.delete(row)
    db.flush()
