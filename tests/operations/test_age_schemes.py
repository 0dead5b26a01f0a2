"""The organisation's age schemes: created with a key of their own, changed (bands and place)
with the key kept, refused with the domain's codes, never the last one deleted."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from survey.models import AgeSchemeRow
from survey.operations import (
    AgeSchemeError,
    create_age_scheme,
    delete_age_scheme,
    update_age_scheme,
)
from survey.queries import age_schemes


def _keys(db) -> list[str]:
    return [scheme.key for scheme in age_schemes(db)]


def test_a_scheme_is_created_last_or_in_its_place_and_changed_with_its_key_kept(db, org):
    starters = _keys(db)
    made = create_age_scheme(db, {"sv": "Skolåldrar", "en": "School ages", "fi": " "}, "6-9,10-12 ,13-15")
    assert (made.key, made.bands, made.names) == (
        "school-ages", "6-9, 10-12, 13-15", {"sv": "Skolåldrar", "en": "School ages"})
    assert _keys(db) == [*starters, "school-ages"]
    again = create_age_scheme(db, {"en": "School ages"}, "0-17, 18+", place=1)
    assert _keys(db) == ["school-ages-2", *starters, "school-ages"]
    update_age_scheme(db, made, {"sv": "Skolan"}, "6-12, 13-18", place=2)
    assert _keys(db) == ["school-ages-2", "school-ages", *starters]
    assert (made.key, made.bands, made.names) == ("school-ages", "6-12, 13-18", {"sv": "Skolan"})
    assert again.position == 0


@pytest.mark.parametrize("names, bands, code", [
    ({"sv": ""}, "0-5", "scheme-name-missing"), ({"sv": "x" * 81}, "0-5", "scheme-name-too-long"),
    ({"sv": "X"}, "", "age-band"), ({"sv": "X"}, "0-9, 5-12", "age-bands-overlap"),
    ({"sv": "X"}, "65+, 0-5", "age-band-open-not-last"), ({"sv": "X"}, "18-130", "age-band")])
def test_a_bad_scheme_is_refused_with_a_code(db, org, names, bands, code):
    with pytest.raises(AgeSchemeError) as raised:
        create_age_scheme(db, names, bands)
    assert raised.value.code == code


def test_any_scheme_but_the_last_is_deleted(db, org):
    rows = list(db.scalars(select(AgeSchemeRow)))
    for row in rows[1:]:
        delete_age_scheme(db, row)
    with pytest.raises(AgeSchemeError) as raised:
        delete_age_scheme(db, rows[0])
    assert raised.value.code == "scheme-last" and _keys(db) == [rows[0].key]
