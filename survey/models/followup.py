"""Systematic follow-up of an episode: goals rated at follow-ups, the help delivered, the
measurement points a unit asks for (an episode's variables: ``models.variables``)."""
from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from survey.models.base import Base, utcnow

if TYPE_CHECKING:
    from survey.models.clinic import TreatmentSession


class Goal(Base):
    """A goal area from the client's plan, in the client's own words (never in reports)."""

    __tablename__ = "goals"

    id: Mapped[int] = mapped_column(primary_key=True)
    episode_id: Mapped[int] = mapped_column(ForeignKey("episodes.id"), index=True)
    wording: Mapped[str] = mapped_column(String(300))
    added_on: Mapped[date]
    # Set when a follow-up decides the goal is reached (the decision says so).
    ended_on: Mapped[date | None]


class FollowUp(Base):
    """A goal follow-up: the first rating at intake, a review every few months, or a
    measurement after the episode ended. Ratings are responses linked to it."""

    __tablename__ = "follow_ups"

    id: Mapped[int] = mapped_column(primary_key=True)
    episode_id: Mapped[int] = mapped_column(ForeignKey("episodes.id"), index=True)
    kind: Mapped[str] = mapped_column(String(12))  # intake, review or after-end
    held_on: Mapped[date]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    decisions: Mapped[list[FollowUpDecision]] = relationship(
        back_populates="follow_up", cascade="all, delete-orphan", order_by="FollowUpDecision.id")


class FollowUpDecision(Base):
    """What a follow-up decided: continue, change, goal reached, goal added or end."""

    __tablename__ = "follow_up_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    follow_up_id: Mapped[int] = mapped_column(ForeignKey("follow_ups.id", ondelete="CASCADE"),
                                              index=True)
    decision: Mapped[str] = mapped_column(String(20))
    goal_id: Mapped[int | None] = mapped_column(ForeignKey("goals.id"))

    follow_up: Mapped[FollowUp] = relationship(back_populates="decisions")
    goal: Mapped[Goal | None] = relationship()


class Contact(Base):
    """One planned contact and whether it happened: an individual or group session, or a talk
    with relatives. A started feedback session is an attended individual contact."""

    __tablename__ = "contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    episode_id: Mapped[int] = mapped_column(ForeignKey("episodes.id"), index=True)
    held_on: Mapped[date]
    kind: Mapped[str] = mapped_column(String(12))
    attended: Mapped[bool]
    session_id: Mapped[int | None] = mapped_column(ForeignKey("treatment_sessions.id"), unique=True)

    session: Mapped[TreatmentSession | None] = relationship()


class MeasurementRule(Base):
    """A unit's rule for when an instrument is due: at intake, every ``every`` sessions,
    at the end, or ``every`` months after the end."""

    __tablename__ = "measurement_rules"
    __table_args__ = (UniqueConstraint("unit_id", "instrument", "point", "every"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"), index=True)
    instrument: Mapped[str] = mapped_column(String(20))
    point: Mapped[str] = mapped_column(String(12))
    every: Mapped[int | None]
