"""A questionnaire as frozen, validated objects: Questionnaire, Item, Scale, Option, Thresholds."""
from __future__ import annotations

from functools import cached_property
from typing import Annotated, Literal, Mapping, Union

from pydantic import Field

from survey.domain.instruments.answers import (
    AnswerError,
    ChoiceAnswer,
    Frozen,
    StoredAnswer,
    VisualAnalogueAnswer,
)
from survey.domain.vocabulary import AGE_GROUPS

Key = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=60)]
Language = Annotated[str, Field(pattern=r"^[a-z]{2,3}$")]
Text = dict[Language, Annotated[str, Field(min_length=1)]]
AgeBand = Literal["child", "youth", "adult"]
AgeGroup = Literal[AGE_GROUPS]  # type: ignore[valid-type]
KINDS = ("survey", "outcome", "alliance", "goals")


class Option(Frozen):
    key: Key
    label: Text
    pictogram: Key
    positive: bool = False
    dont_know: bool = False
    score: float | None = None  # stored with the answer where the options are a rating (1–5)


class Scale(Frozen):
    options: list[Option] = Field(min_length=2)

    @cached_property
    def option_keys(self) -> tuple[str, ...]:
        return tuple(option.key for option in self.options)

    @cached_property
    def scores(self) -> dict[str, float | None]:
        return {option.key: option.score for option in self.options}

    @cached_property
    def positive_keys(self) -> frozenset[str]:
        return frozenset(option.key for option in self.options if option.positive)

    @cached_property
    def dont_know_keys(self) -> frozenset[str]:
        return frozenset(option.key for option in self.options if option.dont_know)


class Item(Frozen):
    key: Key
    area: Key | None = None
    text: Text
    pictogram: Key
    answer: Annotated[Union[ChoiceAnswer, VisualAnalogueAnswer], Field(discriminator="type")]


class Thresholds(Frozen):
    cutoff: dict[AgeBand, float] | None = None
    reliable_change: float | None = Field(default=None, gt=0)
    alliance_total: float | None = Field(default=None, gt=0)
    alliance_item: float | None = Field(default=None, gt=0)


class Questionnaire(Frozen):
    id: Key
    version: int = Field(gt=0)
    kind: Literal[KINDS]  # type: ignore[valid-type]
    languages: list[Language] = Field(min_length=1)
    # The languages a person has read and approved; the others are drafts (e.g. machine-written),
    # marked as not reviewed wherever staff see or choose a language and in the raw data.
    reviewed: list[Language] = Field(default_factory=list)
    title: Text
    intro: Text | None = None
    age_bands: list[AgeBand] = Field(default_factory=list)
    # The age groups a survey asks its respondents to choose from (an adult survey: adults only).
    age_groups: list[AgeGroup] = Field(default_factory=lambda: list(AGE_GROUPS), min_length=1)
    allow_skip: bool = True
    scales: dict[Key, Scale] = Field(default_factory=dict)
    items: list[Item] = Field(min_length=1)
    thresholds: Thresholds = Thresholds()

    @property
    def ref(self) -> str:
        return f"{self.id}@{self.version}"

    def is_reviewed(self, language: str) -> bool:
        """Whether a person has reviewed this questionnaire's texts in ``language``."""
        return language in self.reviewed

    @property
    def unreviewed(self) -> tuple[str, ...]:
        """The questionnaire's languages nobody has reviewed yet, in its order."""
        return tuple(language for language in self.languages if language not in self.reviewed)

    @cached_property
    def dont_know_keys(self) -> tuple[str, ...]:
        """Every scale's "don't know" options, sorted: counted apart, like an unanswered one."""
        return tuple(sorted({key for scale in self.scales.values() for key in scale.dont_know_keys}))

    @cached_property
    def items_by_key(self) -> dict[str, Item]:
        return {item.key: item for item in self.items}

    def scale_of(self, item: Item) -> Scale | None:
        return self.scales.get(item.answer.scale) if isinstance(item.answer, ChoiceAnswer) else None

    def parse_answers(self, raw: Mapping[str, object]) -> dict[str, StoredAnswer]:
        """Validate a whole submission; raise ``AnswerError`` naming every bad item."""
        unknown = [key for key in raw if key not in self.items_by_key]
        problems = [f"unknown item {key[:40]!r}" for key in unknown[:3]]
        if len(unknown) > 3:
            problems.append(f"{len(unknown) - 3} more unknown items")
        stored: dict[str, StoredAnswer] = {}
        for item in self.items:
            value = raw.get(item.key)
            if value is None or value == "":
                if not self.allow_skip:
                    problems.append(f"{item.key}: an answer is needed")
                stored[item.key] = StoredAnswer()
                continue
            try:
                stored[item.key] = item.answer.parse(value, self.scale_of(item))
            except AnswerError as error:
                problems.append(f"{item.key}: {error}")
        if problems:
            raise AnswerError("; ".join(problems))
        return stored
