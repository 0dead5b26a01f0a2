"""Clients (pseudonymous codes, never names), treatment episodes and sessions."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from survey.models.base import Base, utcnow
from survey.models.followup import Contact, FollowUp, Goal
from survey.models.org import StaffUser, Unit
from survey.models.variables import RecordedValue


class Client(Base):
    __tablename__ = "clients"
    __table_args__ = (UniqueConstraint("unit_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    therapist_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id"), index=True)
    gender: Mapped[str] = mapped_column(String(20))
    age_group: Mapped[str] = mapped_column(String(10))  # as the kiosk asks it
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Came from a file of records (a ``RecordImport``'s id; no foreign key, as SQLite adds none
    # in place): undoing the import removes it.
    record_import_id: Mapped[int | None] = mapped_column(index=True)

    unit: Mapped[Unit] = relationship()
    therapist: Mapped[StaffUser] = relationship()
    episodes: Mapped[list[Episode]] = relationship(
        back_populates="client", order_by="Episode.opened_on"
    )


class Episode(Base):
    """One course of help for a client, from intake to its end."""

    __tablename__ = "episodes"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    # Who holds the episode: results are counted for this therapist (a transfer moves open ones).
    therapist_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id"), index=True)
    opened_on: Mapped[date]
    closed_on: Mapped[date | None]
    close_reason: Mapped[str | None] = mapped_column(String(40))
    # What was decided: the intervention type and its planned intensity.
    intervention_type: Mapped[str | None] = mapped_column(String(40))
    planned_sessions: Mapped[int | None]
    planned_months: Mapped[int | None]
    # Age in whole years at intake (``domain.age_schemes``: why not a birth date).
    age_at_intake: Mapped[int | None]
    # The length of intervention as a file gave it, for episodes without dates of their own.
    length_group: Mapped[str | None] = mapped_column(String(20))
    record_import_id: Mapped[int | None] = mapped_column(index=True)  # as the client's

    client: Mapped[Client] = relationship(back_populates="episodes")
    therapist: Mapped[StaffUser] = relationship()
    sessions: Mapped[list[TreatmentSession]] = relationship(
        back_populates="episode", order_by="TreatmentSession.number"
    )
    goals: Mapped[list[Goal]] = relationship(order_by="Goal.id")
    follow_ups: Mapped[list[FollowUp]] = relationship(order_by="[FollowUp.held_on, FollowUp.id]")
    contacts: Mapped[list[Contact]] = relationship(order_by="[Contact.held_on, Contact.id]")
    recorded_values: Mapped[list[RecordedValue]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="RecordedValue.id")
    acknowledgements: Mapped[list[SignalAcknowledgement]] = relationship(
        order_by="SignalAcknowledgement.acknowledged_at", cascade="all, delete-orphan")


class SignalAcknowledgement(Base):
    """A therapist saw a signal and recorded what was done about it.

    A signal is identified by its episode, code and the session number it was raised at."""

    __tablename__ = "signal_acknowledgements"
    __table_args__ = (UniqueConstraint("episode_id", "code", "session_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    episode_id: Mapped[int] = mapped_column(ForeignKey("episodes.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(30))
    session_number: Mapped[int]
    raised_on: Mapped[date]  # the date of the session that raised it
    action: Mapped[str] = mapped_column(String(30))
    note: Mapped[str | None] = mapped_column(String(500))
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id"))
    acknowledged_at: Mapped[datetime] = mapped_column(default=utcnow)

    staff: Mapped[StaffUser] = relationship()


class TreatmentSession(Base):
    __tablename__ = "treatment_sessions"
    __table_args__ = (UniqueConstraint("episode_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    episode_id: Mapped[int] = mapped_column(ForeignKey("episodes.id"), index=True)
    number: Mapped[int]
    held_on: Mapped[date]

    episode: Mapped[Episode] = relationship(back_populates="sessions")
