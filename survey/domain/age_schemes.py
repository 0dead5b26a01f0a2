"""Age-group schemes an organisation defines for its reports: bands of whole years.

A client's age is stored in whole years at an episode's intake, not a birth date: it is all any
band needs, it cannot be joined with a population register the way a year of birth can, and it
does not change once stored. Each report picks a scheme; kiosk surveys keep asking the round's
own groups (``vocabulary.AGE_GROUPS``). Pure: no Flask, no database.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from survey.domain.variables import NOT_STATED, VariableProblem
from survey.domain.vocabulary import AGE_GROUPS

MAX_AGE = 120


@dataclass(frozen=True)
class AgeBand:
    low: int
    high: int | None  # None: and older

    @property
    def code(self) -> str:
        return f"{self.low}+" if self.high is None else f"{self.low}-{self.high}"

    def holds(self, age: int) -> bool:
        return self.low <= age and (self.high is None or age <= self.high)


@dataclass(frozen=True)
class AgeScheme:
    key: str
    names: dict[str, str]  # staff language -> name
    bands: tuple[AgeBand, ...]

    @property
    def codes(self) -> tuple[str, ...]:
        """Every band's code in order, then "not stated" (no age known, or none of the bands)."""
        return (*(b.code for b in self.bands), NOT_STATED)

    def band_of(self, age: int | None, survey_group: str | None = None) -> str:
        """The band of an age; without one, of a client's survey age group (``"30-49"``) when
        that group lies wholly in one band; else "not stated"."""
        if age is not None:
            for band in self.bands:
                if band.holds(age):
                    return band.code
            return NOT_STATED
        low, high = _group_limits(survey_group)
        if low is not None:
            for band in self.bands:
                if band.holds(low) and (band.high is None or (high is not None and high <= band.high)):
                    return band.code
        return NOT_STATED


def _group_limits(group: str | None) -> tuple[int | None, int | None]:
    """``"30-49"`` → (30, 49); ``"65+"`` → (65, None); anything else (None, None)."""
    try:
        band = bands_from(group or "")[0]
    except VariableProblem:
        return None, None
    return band.low, band.high


def bands_from(text: str) -> tuple[AgeBand, ...]:
    """Bands written as a person would: ``0-5, 6-12, 13-17, 18+`` (in order, not overlapping;
    gaps are allowed: an age in none of them is "not stated")."""
    bands: list[AgeBand] = []
    for part in (p.strip() for p in text.split(",")):
        low, sep, high = part.partition("-")
        if part.endswith("+") and not sep:
            low, high = part[:-1], None
        elif not sep:
            raise VariableProblem("age-band", band=part)
        try:
            band = AgeBand(int(low), None if high is None else int(high))
        except ValueError:
            raise VariableProblem("age-band", band=part) from None
        bands.append(band)
    check_bands(bands)
    return tuple(bands)


def check_bands(bands: Sequence[AgeBand]) -> None:
    """Raises ``VariableProblem`` unless the bands rise without overlap within 0–120."""
    if not bands:
        raise VariableProblem("age-bands-empty")
    previous = -1
    for index, band in enumerate(bands):
        if not 0 <= band.low <= MAX_AGE or (band.high is not None and not band.low <= band.high <= MAX_AGE):
            raise VariableProblem("age-band", band=band.code)
        if band.low <= previous:
            raise VariableProblem("age-bands-overlap", band=band.code)
        if band.high is None and index != len(bands) - 1:
            raise VariableProblem("age-band-open-not-last", band=band.code)
        previous = band.high if band.high is not None else MAX_AGE


def check_age(age: int) -> int:
    if not 0 <= age <= MAX_AGE:
        raise VariableProblem("age-out-of-range", high=MAX_AGE)
    return age


def survey_group(age: int) -> str:
    """The survey's age group (``vocabulary.AGE_GROUPS``) of an age in whole years: what the
    kiosk and the instruments' child, youth and adult bands read of a client."""
    return next(band.code for band in _SURVEY_BANDS if band.holds(check_age(age)))


def _scheme(key: str, names: dict[str, str], text: str) -> AgeScheme:
    return AgeScheme(key, names, bands_from(text))


_SURVEY_BANDS = bands_from(", ".join(AGE_GROUPS))

# What a new organisation starts with; it may add its own or rename these.
STARTER_SCHEMES = (
    _scheme("survey", {"sv": "Enkätens åldersgrupper", "nb": "Undersøkelsens aldersgrupper",
                       "da": "Undersøgelsens aldersgrupper", "fi": "Kyselyn ikäryhmät",
                       "en": "The survey's age groups"}, "0-5, 6-12, 13-17, 18-29, 30-49, 50-64, 65+"),
    _scheme("ten-years", {"sv": "Tioårsgrupper", "nb": "Tiårsgrupper", "da": "Tiårsgrupper",
                          "fi": "Kymmenvuotisryhmät", "en": "Ten-year bands"},
            "0-9, 10-19, 20-29, 30-39, 40-49, 50-59, 60-69, 70-79, 80+"),
    _scheme("adults", {"sv": "Vuxna", "nb": "Voksne", "da": "Voksne", "fi": "Aikuiset",
                       "en": "Adults"}, "18-24, 25-34, 35-44, 45-54, 55-64, 65-79, 80+"),
    _scheme("children", {"sv": "Barn och unga", "nb": "Barn og unge", "da": "Børn og unge",
                         "fi": "Lapset ja nuoret", "en": "Children and young people"},
            "0-5, 6-12, 13-17"),
)
