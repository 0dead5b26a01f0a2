"""Follow-up variables a service defines for itself: their kinds, when they are recorded, their
values, and how one recorded value is read and checked. Pure: no Flask, no database.

A variable is known by its ``key`` across versions; a change makes a new version, so a stored
value always keeps the meaning it was recorded with. Every variable has a "not stated" value.
Words (names, help, value labels) are data in each staff language, not catalogue messages: a
service writes them. Problems are codes (``VariableProblem``), worded by the web layer.
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

from survey.domain.yaml_files import read_yaml

CHOICE, MULTI, YES_NO, COUNT, NUMBER, DATE, TEXT = (
    "choice", "multi", "yes-no", "count", "number", "date", "text")
KINDS = (CHOICE, MULTI, YES_NO, COUNT, NUMBER, DATE, TEXT)
KINDS_WITH_OPTIONS = (CHOICE, MULTI)
PHASES = ("intake", "during", "end", "review")
NOT_STATED = "not-stated"
YES_NO_CODES = ("yes", "no")
KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
CODE = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
MAX_TEXT = 500
MAX_NUMBER = 1_000_000


class VariableProblem(ValueError):
    """A definition or a value that cannot be taken: a code and its parameters."""

    def __init__(self, code: str, /, **params) -> None:
        super().__init__(code)
        self.code, self.params = code, params


@dataclass(frozen=True)
class OptionSpec:
    code: str
    labels: Mapping[str, str]  # staff language -> label


@dataclass(frozen=True)
class VariableSpec:
    """One version of a variable as a service defined it."""

    key: str
    kind: str
    phase: str
    names: Mapping[str, str]  # staff language -> name
    help: Mapping[str, str] = field(default_factory=dict)
    options: tuple[OptionSpec, ...] = ()  # for choice and multi, in their order

    @property
    def codes(self) -> tuple[str, ...]:
        """Every value a report can count, in order, "not stated" last (none for numbers,
        dates and free text, which reports do not count by value)."""
        if self.kind in KINDS_WITH_OPTIONS:
            own = tuple(o.code for o in self.options if o.code != NOT_STATED)
        elif self.kind == YES_NO:
            own = YES_NO_CODES
        else:
            return (NOT_STATED,)
        return (*own, NOT_STATED)

    @property
    def reported(self) -> bool:
        """Free text is kept out of every report and export of many clients."""
        return self.kind != TEXT


def check_spec(spec: VariableSpec, languages: Sequence[str]) -> list[VariableProblem]:
    """Every problem of a definition at once (an empty list: it can be stored)."""
    problems = []
    if not KEY.match(spec.key):
        problems.append(VariableProblem("variable-key"))
    if spec.kind not in KINDS:
        problems.append(VariableProblem("variable-kind"))
    if spec.phase not in PHASES:
        problems.append(VariableProblem("variable-phase"))
    if not any((spec.names.get(lang) or "").strip() for lang in languages):
        problems.append(VariableProblem("variable-name"))
    if spec.kind in KINDS_WITH_OPTIONS:
        codes = [o.code for o in spec.options if o.code != NOT_STATED]
        if not codes:
            problems.append(VariableProblem("variable-no-options"))
        if len(set(codes)) != len(codes):
            problems.append(VariableProblem("variable-duplicate-option"))
        for option in spec.options:
            if not CODE.match(option.code):
                problems.append(VariableProblem("variable-option-code", option=option.code))
            elif not any((option.labels.get(lang) or "").strip() for lang in languages):
                problems.append(VariableProblem("variable-option-label", option=option.code))
    elif spec.options:
        problems.append(VariableProblem("variable-options-not-allowed"))
    return problems


@dataclass(frozen=True)
class ParsedValue:
    """One variable's value for one episode, as stored: the chosen codes (several for
    ``multi``; ``NOT_STATED`` when nothing is known), or a number, a date or a text."""

    codes: tuple[str, ...] = ()
    number: float | None = None
    day: date | None = None
    text: str | None = None

    @property
    def not_stated(self) -> bool:
        return self.codes == (NOT_STATED,)


NOT_STATED_VALUE = ParsedValue(codes=(NOT_STATED,))


def parse_value(spec: VariableSpec, raw: str | Sequence[str] | None) -> ParsedValue:
    """A value as a person or a file gave it: a code (or codes, for ``multi``, as a list or
    separated by ``;``), a number, an ISO date or a text. Empty means "not stated"."""
    given = _given(raw)
    if not given or given == [NOT_STATED]:
        return NOT_STATED_VALUE
    if spec.kind in (CHOICE, YES_NO, MULTI):
        allowed = spec.codes
        unknown = [code for code in given if code not in allowed]
        if unknown:
            raise VariableProblem("unknown-option", value=unknown[0])
        if spec.kind != MULTI and len(given) > 1:
            raise VariableProblem("one-option-only")
        if NOT_STATED in given:
            raise VariableProblem("not-stated-alone")
        return ParsedValue(codes=tuple(code for code in allowed if code in given))
    (text,) = given if len(given) == 1 else (";".join(given),)
    if spec.kind in (COUNT, NUMBER):
        return ParsedValue(number=_number(text, whole=spec.kind == COUNT))
    if spec.kind == DATE:
        try:
            return ParsedValue(day=date.fromisoformat(text))
        except ValueError:
            raise VariableProblem("not-a-date", value=text) from None
    if len(text) > MAX_TEXT:
        raise VariableProblem("text-too-long", limit=MAX_TEXT)
    return ParsedValue(text=text)


def _given(raw: str | Sequence[str] | None) -> list[str]:
    if raw is None:
        return []
    parts = raw.split(";") if isinstance(raw, str) else list(raw)
    return [p.strip() for p in parts if p and p.strip()]


def _number(text: str, whole: bool) -> float:
    try:
        value = float(text.replace(",", ".").replace("\u2212", "-"))
    except ValueError:
        raise VariableProblem("not-a-whole-number" if whole else "not-a-number", value=text) from None
    if value != value or abs(value) > MAX_NUMBER:
        raise VariableProblem("number-out-of-range", high=MAX_NUMBER)
    if whole and (value < 0 or value != int(value)):
        raise VariableProblem("not-a-whole-number", value=text)
    return int(value) if whole else value


STARTER_FILE = Path(__file__).with_name("starter_variables.yaml")


@cache
def starter_set() -> tuple[VariableSpec, ...]:
    """The variables a new organisation starts with (the five the product had built in, and the
    ones the source documents' services record), each checked."""
    data = read_yaml(STARTER_FILE)
    specs = tuple(VariableSpec(
        key=entry["key"], kind=entry["kind"], phase=entry["phase"], names=entry["names"],
        help=entry.get("help", {}),
        options=tuple(OptionSpec(code, labels) for code, labels in entry.get("options", {}).items()),
    ) for entry in data["variables"])
    for spec in specs:
        problems = check_spec(spec, ("sv",))
        if problems:
            raise ValueError(f"{STARTER_FILE.name}: {spec.key}: {problems[0].code}")
    return specs
