"""Answer types: one class per kind of question, each validating a value and summarising many.

No Flask and no database here: the classes are plain validated models.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, Literal

from pydantic import BaseModel, ConfigDict

if TYPE_CHECKING:
    from survey.domain.instruments.model import Scale


# A mark written as a decimal: ASCII digits only (float() would also take "٥", " 5", "1_0", "inf").
DECIMAL_PATTERN = r"^[0-9]{1,3}(\.[0-9]{1,6})?$"


class AnswerError(ValueError):
    """A value that the question cannot take."""


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


@dataclass(frozen=True)
class StoredAnswer:
    """What is kept for one item: an option key, a number, or neither when skipped."""

    option_key: str | None = None
    value: float | None = None

    @property
    def skipped(self) -> bool:
        return self.option_key is None and self.value is None


@dataclass(frozen=True)
class ChoiceSummary:
    counts: dict[str, int]  # every option, "don't know" included
    answered: int  # the denominator: answers other than "don't know"
    positive: int

    @property
    def share_positive(self) -> float | None:
        return self.positive / self.answered if self.answered else None


@dataclass(frozen=True)
class ScoreSummary:
    n: int
    mean: float | None
    sd: float | None


class ChoiceAnswer(Frozen):
    """Single choice among the options of a named scale."""

    type: Literal["choice"]
    scale: str

    def parse(self, raw: object, scale: Scale) -> StoredAnswer:
        if not isinstance(raw, str) or raw not in scale.option_keys:
            raise AnswerError(f"must be one of {', '.join(scale.option_keys)}")
        return StoredAnswer(option_key=raw, value=scale.scores[raw])

    @staticmethod
    def summarise(counts: dict[str, int], scale: Scale) -> ChoiceSummary:
        """Summarise counts per option key; "don't know" stays out of the denominator."""
        full = {key: int(counts.get(key, 0)) for key in scale.option_keys}
        answered = sum(n for key, n in full.items() if key not in scale.dont_know_keys)
        positive = sum(full[key] for key in scale.positive_keys)
        return ChoiceSummary(counts=full, answered=answered, positive=positive)


class VisualAnalogueAnswer(Frozen):
    """A mark on a line without numbers, stored as 0.0–10.0 with one decimal."""

    type: Literal["vas"]
    low: dict[str, str] | None = None
    high: dict[str, str] | None = None
    low_pictogram: str | None = None  # e.g. a sad face at the left end (child versions)
    high_pictogram: str | None = None

    MIN: ClassVar[float] = 0.0
    MAX: ClassVar[float] = 10.0

    def parse(self, raw: object, scale: Scale | None = None) -> StoredAnswer:
        if isinstance(raw, str) and re.fullmatch(DECIMAL_PATTERN, raw):
            raw = float(raw)  # "6.5", as the page's form sends the mark
        # bool is an int; NaN fails the comparison; a huge int compares without overflowing.
        if isinstance(raw, bool) or not isinstance(raw, (int, float)) or not (
                self.MIN <= raw <= self.MAX):
            raise AnswerError("must be a number from 0 to 10")
        return StoredAnswer(value=round(float(raw), 1))

    @staticmethod
    def summarise(values: list[float]) -> ScoreSummary:
        n = len(values)
        if not n:
            return ScoreSummary(0, None, None)
        mean = sum(values) / n
        sd = math.sqrt(sum((v - mean) ** 2 for v in values) / (n - 1)) if n > 1 else None
        return ScoreSummary(n, round(mean, 2), None if sd is None else round(sd, 2))
