"""A round's counts kept at write time (tallies), so organisation-wide reads sum a few thousand
rows instead of every answer.

Each tally is exact: ``operations.tallies`` adds to it in the transaction that stores a round's
responses and takes away what an undone import removes. Keys never hold NULL: a gender or age
group not given is ``not-stated`` (as the reports show it), an unanswered question's option ``""``.
"""
from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from survey.models.base import Base

NOT_STATED = "not-stated"
UNANSWERED = ""


def _round():
    """The first key column of every tally (its rows are read a round at a time)."""
    return mapped_column(ForeignKey("survey_rounds.id", ondelete="CASCADE"), primary_key=True)


class RespondentTally(Base):
    """Respondents per round, unit, gender and age group."""

    __tablename__ = "respondent_tallies"

    round_id: Mapped[int] = _round()
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), primary_key=True)
    gender: Mapped[str] = mapped_column(String(20), primary_key=True)
    age_group: Mapped[str] = mapped_column(String(10), primary_key=True)
    n: Mapped[int]


class AnswerTally(Base):
    """Answers per round, gender, age group, question and option."""

    __tablename__ = "answer_tallies"

    round_id: Mapped[int] = _round()
    gender: Mapped[str] = mapped_column(String(20), primary_key=True)
    age_group: Mapped[str] = mapped_column(String(10), primary_key=True)
    item_key: Mapped[str] = mapped_column(String(60), primary_key=True)
    option_key: Mapped[str] = mapped_column(String(60), primary_key=True)
    n: Mapped[int]


class UnitAnswerTally(Base):
    """Answers per round, unit, question and option."""

    __tablename__ = "unit_answer_tallies"

    round_id: Mapped[int] = _round()
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), primary_key=True)
    item_key: Mapped[str] = mapped_column(String(60), primary_key=True)
    option_key: Mapped[str] = mapped_column(String(60), primary_key=True)
    n: Mapped[int]


class SkipTally(Base):
    """Answers left empty or "don't know" per round, unit, gender, age group and question: with
    the respondents, the sizes of the round's hiding pattern."""

    __tablename__ = "skip_tallies"

    round_id: Mapped[int] = _round()
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), primary_key=True)
    gender: Mapped[str] = mapped_column(String(20), primary_key=True)
    age_group: Mapped[str] = mapped_column(String(10), primary_key=True)
    item_key: Mapped[str] = mapped_column(String(60), primary_key=True)
    n: Mapped[int]


TALLIES = (RespondentTally, AnswerTally, UnitAnswerTally, SkipTally)
