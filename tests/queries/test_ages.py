"""Ages at intake for reports: the chosen scheme, each episode's age and group read by ids or a
``select()``, and its band, the same as ``AgeScheme.band_of`` gives one by one."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from survey.domain.age_schemes import AgeScheme, bands_from
from survey.models import Client, Episode
from survey.queries import age_bands, chosen_scheme, episode_ages


def test_a_report_reads_the_scheme_it_named_else_the_first(db, org):
    first, schemes = chosen_scheme(db, None)
    assert first is schemes[0] and len(schemes) == 4
    assert chosen_scheme(db, "children")[0].key == "children"
    assert chosen_scheme(db, "gone")[0].key == first.key


def test_every_episode_gets_the_band_band_of_gives_it(db, org):
    anna, north = org["staff"]["anna"], org["units"]["north"]
    cases = [(age, None) for age in (0, 9, 10, 17, 18, 64, 65, 70, 120)]
    cases += [(None, group) for group in ("0-5", "13-17", "18-29", "30-49", "65+")]
    for number, (age, group) in enumerate(cases):
        client = Client(code=f"Q-{number}", unit=north, therapist=anna, gender="woman",
                        age_group=group or "18-29")
        db.add(Episode(client=client, therapist_id=anna.id, opened_on=date(2026, 1, 5),
                       age_at_intake=age))
    db.flush()
    ours = select(Episode.id).join(Client).where(Client.code.startswith("Q-"))
    ages = episode_ages(db, ours)
    assert len(ages) == len(cases) and ages.equals(episode_ages(db, db.scalars(ours).all()))
    for text in ("0-9, 10-19, 20-64, 65+", "0-5, 6-12, 13-17", "18-29, 30-49, 50+"):
        scheme = AgeScheme("x", {"sv": "X"}, bands_from(text))
        expected = [scheme.band_of(None if a is None else int(a), g)
                    for a, g in zip(ages["age_at_intake"], ages["age_group"])]
        bands = age_bands(ages, scheme)
        assert list(bands) == expected and list(bands.index) == list(ages["episode_id"])
        assert "not-stated" in expected  # each scheme leaves some age outside its bands
