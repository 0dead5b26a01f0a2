"""Survey rounds, responses and their answers."""
from __future__ import annotations

import enum
import secrets
from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from survey.models.base import Base, enum_column, utcnow
from survey.models.org import Unit

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread


def new_round_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))


class RoundStatus(str, enum.Enum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"


class SurveyRound(Base):
    """One questionnaire asked of some units in one year."""

    __tablename__ = "survey_rounds"

    id: Mapped[int] = mapped_column(primary_key=True)
    questionnaire_id: Mapped[str] = mapped_column(String(60))
    questionnaire_version: Mapped[int]
    year: Mapped[int]
    status: Mapped[RoundStatus] = mapped_column(
        enum_column(RoundStatus, 10), default=RoundStatus.DRAFT
    )
    # The collection period announced to units (answers are taken while the round is open).
    opens_on: Mapped[date | None]
    closes_on: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    round_units: Mapped[list[RoundUnit]] = relationship(
        back_populates="survey_round", cascade="all, delete-orphan"
    )


class RoundUnit(Base):
    """A unit taking part in a round, with how many clients were asked."""

    __tablename__ = "round_units"

    round_id: Mapped[int] = mapped_column(
        ForeignKey("survey_rounds.id", ondelete="CASCADE"), primary_key=True
    )
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), primary_key=True)
    eligible: Mapped[int | None]
    # Typed or scanned on a tablet to open the round for this unit without a staff login.
    code: Mapped[str] = mapped_column(String(12), unique=True, default=new_round_code)

    survey_round: Mapped[SurveyRound] = relationship(back_populates="round_units")
    unit: Mapped[Unit] = relationship()


class Response(Base):
    """One filled-in questionnaire; ``uid`` is made by the tablet so a resend is stored once."""

    __tablename__ = "responses"
    __table_args__ = (UniqueConstraint("session_id", "questionnaire_id"),
                      UniqueConstraint("follow_up_id", "questionnaire_id", "rater"))

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    questionnaire_id: Mapped[str] = mapped_column(String(60))
    questionnaire_version: Mapped[int]
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    round_id: Mapped[int | None] = mapped_column(ForeignKey("survey_rounds.id"), index=True)
    session_id: Mapped[int | None] = mapped_column(ForeignKey("treatment_sessions.id"))
    # Goal ratings, or an instrument given at a follow-up (e.g. months after the end).
    follow_up_id: Mapped[int | None] = mapped_column(ForeignKey("follow_ups.id"))
    mode: Mapped[str] = mapped_column(String(20))
    rater: Mapped[str] = mapped_column(String(20), default="client")
    # "tablet", or "paper" when typed in afterwards from a paper form.
    source: Mapped[str] = mapped_column(String(10), default="tablet")
    # Sum of the item scores of a session instrument (or a paper form's total), kept with the
    # response because answers never change and every chart and report needs it.
    score_total: Mapped[float | None]
    import_batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batches.id"))
    language: Mapped[str] = mapped_column(String(8))
    gender: Mapped[str | None] = mapped_column(String(20))
    age_group: Mapped[str | None] = mapped_column(String(10))
    # How fast the tablet spoke ("normal", "slow"); None for paper answers.
    speech_rate: Mapped[str | None] = mapped_column(String(10))
    received_at: Mapped[datetime] = mapped_column(default=utcnow)

    answers: Mapped[list[Answer]] = relationship(
        back_populates="response", cascade="all, delete-orphan"
    )


class ImportBatch(Base):
    """A file of paper answers typed in and imported; the same file is never imported twice."""

    __tablename__ = "import_batches"
    __table_args__ = (UniqueConstraint("round_id", "sha256"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("survey_rounds.id"))
    sha256: Mapped[str] = mapped_column(String(64))
    filename: Mapped[str] = mapped_column(String(200))
    rows: Mapped[int]
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)


class Answer(Base):
    """One item's answer: an option key for choice items, a number for visual-analogue items.

    Neither set means the client chose not to answer the item.
    """

    __tablename__ = "answers"
    # The index holds everything a round's answer counts read (``queries.surveys``).
    __table_args__ = (UniqueConstraint("response_id", "item_key"),
                      Index("ix_answers_response_item_option", "response_id", "item_key",
                            "option_key"))

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("responses.id", ondelete="CASCADE"))
    item_key: Mapped[str] = mapped_column(String(60))
    option_key: Mapped[str | None] = mapped_column(String(60))
    value: Mapped[float | None]

    response: Mapped[Response] = relationship(back_populates="answers")
