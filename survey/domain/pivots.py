"""What a pivot table counts: its two dimensions, the groups of numbers and of lengths, and the
fixed reporting periods (calendar year, quarter, month) whose sums tie them together. Pure: no
Flask, no database.

A pivot counts episodes by a row and a column dimension: a defined variable by its key
(``variable:referral``), or one of the episode's own facts (``BUILT_IN``). Every dimension has
"not stated" as a value of its own. A variable of several choices counts an episode once per
chosen value.
"""
from __future__ import annotations

import re
from calendar import monthrange
from dataclasses import dataclass
from datetime import date

from survey.domain.age_schemes import AgeBand
from survey.domain.variables import MAX_NUMBER, VariableProblem

GENDER, AGE, UNIT, INTERVENTION, LENGTH, GOALS, PLAN = (
    "gender", "age", "unit", "intervention", "length", "goals", "plan")
BUILT_IN = (GENDER, AGE, UNIT, INTERVENTION, LENGTH, GOALS, PLAN)
VARIABLE_PREFIX = "variable:"
PERCENTAGES = ("row", "column", "total")
DAYS_PER_MONTH = 365.25 / 12
DEFAULT_NUMBER_GROUPS = "0, 1-2, 3-5, 6-10, 11+"
DEFAULT_LENGTH_GROUPS = "0-2, 3-5, 6-11, 12-23, 24+"


def variable_key(dimension: str) -> str | None:
    """``variable:referral`` → ``referral``; a built-in dimension → None."""
    return dimension.removeprefix(VARIABLE_PREFIX) if dimension.startswith(VARIABLE_PREFIX) else None


def groups_from(text: str) -> tuple[AgeBand, ...]:
    """Groups of whole numbers as a person writes them: ``0, 1-2, 3-5, 6+``. A value falls in
    a group from its low end up to (not including) the next whole number above its high end,
    so 2.5 months is in ``0-2``."""
    bands = []
    for part in (p.strip() for p in text.split(",")):
        match = re.fullmatch(r"(\d+)(?:-(\d+)|(\+))?", part)
        if not match:
            raise VariableProblem("pivot-groups", group=part)
        low = int(match[1])
        high = None if match[3] else int(match[2] or low)
        if (high is not None and high < low) or low > MAX_NUMBER or (bands and low <= _top(bands[-1])):
            raise VariableProblem("pivot-groups", group=part)
        bands.append(AgeBand(low, high))
    if any(b.high is None for b in bands[:-1]):
        raise VariableProblem("pivot-groups", group=bands[-1].code)
    return tuple(bands)


def _top(band: AgeBand) -> int:
    return MAX_NUMBER + 1 if band.high is None else band.high


@dataclass(frozen=True)
class PivotSpec:
    """What a coordinator chooses (and can save under a name): rows, columns, the age scheme,
    the groups of count and number variables, the groups of months, the percentages shown."""

    rows: str
    columns: str
    scheme: str = "survey"
    number_groups: str = DEFAULT_NUMBER_GROUPS
    length_groups: str = DEFAULT_LENGTH_GROUPS
    percentages: tuple[str, ...] = ()

    def check(self, variable_keys: set[str], schemes: set[str]) -> None:
        """Raises ``VariableProblem`` for a dimension, scheme, group or percentage not offered."""
        for dimension in (self.rows, self.columns):
            key = variable_key(dimension)
            if (dimension not in BUILT_IN) if key is None else (key not in variable_keys):
                raise VariableProblem("pivot-dimension", dimension=dimension)
        if self.rows == self.columns:
            raise VariableProblem("pivot-same-dimension")
        if AGE in (self.rows, self.columns) and self.scheme not in schemes:
            raise VariableProblem("pivot-scheme")
        groups_from(self.number_groups)
        groups_from(self.length_groups)
        if not set(self.percentages) <= set(PERCENTAGES):
            raise VariableProblem("pivot-percentages")

    def with_fixed_groups(self, scheme: str) -> PivotSpec:
        """The same pivot in the groups of a viewer under the disclosure rule: one age scheme
        and the default groups of numbers and months, so that two groupings of the same people
        (18-29 beside 18-24 and 25-29) never give a hidden group away by subtraction."""
        return PivotSpec(self.rows, self.columns, scheme, DEFAULT_NUMBER_GROUPS, DEFAULT_LENGTH_GROUPS,
                         self.percentages)

    def as_dict(self) -> dict:
        return {"rows": self.rows, "columns": self.columns, "scheme": self.scheme,
                "number_groups": self.number_groups, "length_groups": self.length_groups,
                "percentages": list(self.percentages)}

    @classmethod
    def from_dict(cls, data: dict) -> PivotSpec:
        return cls(rows=data["rows"], columns=data["columns"], scheme=data.get("scheme", "survey"),
                   number_groups=data.get("number_groups", DEFAULT_NUMBER_GROUPS),
                   length_groups=data.get("length_groups", DEFAULT_LENGTH_GROUPS),
                   percentages=tuple(data.get("percentages", ())))


PERIOD = re.compile(r"^(\d{4})(?:-Q([1-4])|-(0[1-9]|1[0-2]))?$")


@dataclass(frozen=True, order=True)
class Period:
    """A fixed reporting period: ``2024``, ``2024-Q1`` or ``2024-03``. An episode belongs to
    the period its intake falls in, so a year is the sum of its quarters and of its months."""

    year: int
    quarter: int | None = None
    month: int | None = None

    @classmethod
    def parse(cls, text: str) -> Period:
        match = PERIOD.match(text or "")
        if not match or not 2000 <= int(match[1]) <= 2100:
            raise VariableProblem("pivot-period", period=text)
        return cls(int(match[1]), int(match[2]) if match[2] else None,
                   int(match[3]) if match[3] else None)

    @property
    def key(self) -> str:
        if self.month:
            return f"{self.year}-{self.month:02d}"
        return f"{self.year}-Q{self.quarter}" if self.quarter else str(self.year)

    @property
    def months(self) -> tuple[str, ...]:
        """The months it holds, as ``YYYY-MM``."""
        if self.month:
            numbers = [self.month]
        elif self.quarter:
            numbers = range(3 * self.quarter - 2, 3 * self.quarter + 1)
        else:
            numbers = range(1, 13)
        return tuple(f"{self.year}-{m:02d}" for m in numbers)

    @property
    def start(self) -> date:
        return date.fromisoformat(f"{self.months[0]}-01")

    @property
    def end(self) -> date:
        year, month = (int(x) for x in self.months[-1].split("-"))
        return date(year, month, monthrange(year, month)[1])

    @property
    def length_end(self) -> date:
        """Lengths of intervention are measured to the end of the period's year (the release
        whose months, quarters and year are tied together), so they agree in all of them."""
        return date(self.year, 12, 31)


def periods_of_year(year: int) -> list[Period]:
    """The year, its quarters and its months: every fixed period of one release."""
    return [Period(year), *(Period(year, quarter=q) for q in range(1, 5)),
            *(Period(year, month=m) for m in range(1, 13))]


def period_sums(year: int) -> list[tuple[Period, list[Period]]]:
    """Each period of a year that is a sum of others: the year of its quarters and of its
    months, each quarter of its months."""
    months = {m: Period(year, month=m) for m in range(1, 13)}
    quarters = [Period(year, quarter=q) for q in range(1, 5)]
    return [(Period(year), quarters), (Period(year), list(months.values())),
            *((q, [months[m] for m in range(3 * q.quarter - 2, 3 * q.quarter + 1)]) for q in quarters)]
