"""Follow-up variables a service defines (versioned, with their values), the values recorded for
an episode, the organisation's age-group schemes, record reviews and imports of records."""
from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, Column, ForeignKey, Index, String, Table, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from survey.models.base import Base, utcnow

if TYPE_CHECKING:
    from survey.models.clinic import Episode


class Variable(Base):
    """One version of a variable. A change is a new version with the same ``key``: values keep
    pointing at the version they were recorded with. ``unit_id`` None: the organisation's (a unit
    records it when it has switched it on, ``Unit.variables``); else the unit's own."""

    __tablename__ = "variables"
    __table_args__ = (UniqueConstraint("key", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(40), index=True)
    version: Mapped[int] = mapped_column(default=1)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    kind: Mapped[str] = mapped_column(String(12))  # domain.variables.KINDS
    phase: Mapped[str] = mapped_column(String(12))  # domain.variables.PHASES
    names: Mapped[dict] = mapped_column(JSON)  # staff language -> name
    help: Mapped[dict] = mapped_column(JSON, default=dict)
    position: Mapped[int] = mapped_column(default=0)
    # A newer version replaced it, or it is no longer recorded; its values stay reportable.
    retired: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))

    options: Mapped[list[VariableOption]] = relationship(
        back_populates="variable", cascade="all, delete-orphan", order_by="VariableOption.position")


class VariableOption(Base):
    """A value of a choice variable; "not stated" is implied and never stored here."""

    __tablename__ = "variable_options"
    __table_args__ = (UniqueConstraint("variable_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    variable_id: Mapped[int] = mapped_column(ForeignKey("variables.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(40))
    position: Mapped[int] = mapped_column(default=0)
    labels: Mapped[dict] = mapped_column(JSON)  # staff language -> label

    variable: Mapped[Variable] = relationship(back_populates="options")


class RecordedValue(Base):
    """A variable's value for an episode: a code (one row per chosen code of a ``multi``), or
    a number, a date or a text. ``key`` repeats the variable's, so reports group across
    versions without a join. ``review_id``: recorded in a record review (else at intake,
    during or at the end); ``record_import_id``: came from a file (undone with it)."""

    __tablename__ = "recorded_values"
    # What a pivot reads of a variable (every version, each episode's recordings), all in the
    # index (``id`` too, for PostgreSQL's index-only scan; SQLite's rowid is in every index).
    __table_args__ = (Index("ix_recorded_values_key_episode", "key", "episode_id", "review_id",
                            "option_code", "number", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    episode_id: Mapped[int] = mapped_column(ForeignKey("episodes.id", ondelete="CASCADE"), index=True)
    variable_id: Mapped[int] = mapped_column(ForeignKey("variables.id"))
    key: Mapped[str] = mapped_column(String(40))
    option_code: Mapped[str | None] = mapped_column(String(40))
    number: Mapped[float | None]
    day: Mapped[date | None]
    text: Mapped[str | None] = mapped_column(String(500))
    review_id: Mapped[int | None] = mapped_column(ForeignKey("record_reviews.id", ondelete="CASCADE"),
                                                  index=True)
    record_import_id: Mapped[int | None] = mapped_column(
        ForeignKey("record_imports.id", ondelete="CASCADE"), index=True)
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))

    variable: Mapped[Variable] = relationship()


class AgeSchemeRow(Base):
    """An organisation's age-group scheme for reports (``domain.age_schemes.AgeScheme``)."""

    __tablename__ = "age_schemes"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(40), unique=True)
    names: Mapped[dict] = mapped_column(JSON)
    bands: Mapped[str] = mapped_column(String(400))  # as written: "0-5, 6-12, 13-17, 18+"
    position: Mapped[int] = mapped_column(default=0)


# The variable versions a review records (chosen when it opens: every record gets the same).
record_review_variables = Table(
    "record_review_variables",
    Base.metadata,
    Column("review_id", ForeignKey("record_reviews.id", ondelete="CASCADE"), primary_key=True),
    Column("variable_id", ForeignKey("variables.id"), primary_key=True),
)


class RecordReview(Base):
    """A review of a unit's records (e.g. every client with case management during 2023):
    the review variables recorded per episode, without follow-up schedules. Its episodes are
    selected when it opens and kept (``ReviewedEpisode``): by intervention type (none: any) and
    by being open at any time from ``period_from`` to ``period_to`` (none: every episode)."""

    __tablename__ = "record_reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    closed_at: Mapped[datetime | None]
    # The selection it was opened with: intervention types comma-separated ("": any).
    intervention_types: Mapped[str] = mapped_column(String(400), default="", server_default="")
    period_from: Mapped[date | None]
    period_to: Mapped[date | None]

    variables: Mapped[list[Variable]] = relationship(
        secondary=record_review_variables, order_by=(Variable.position, Variable.key))
    episodes: Mapped[list[ReviewedEpisode]] = relationship(
        back_populates="review", order_by="ReviewedEpisode.position", cascade="all, delete-orphan")

    @property
    def types(self) -> list[str]:
        return [code for code in self.intervention_types.split(",") if code]


class ReviewedEpisode(Base):
    """An episode a review goes through, in its place (1, 2 …): who recorded it and when, and
    whether it is done."""

    __tablename__ = "record_review_episodes"
    __table_args__ = (UniqueConstraint("review_id", "position"),)

    review_id: Mapped[int] = mapped_column(ForeignKey("record_reviews.id", ondelete="CASCADE"),
                                           primary_key=True)
    episode_id: Mapped[int] = mapped_column(ForeignKey("episodes.id", ondelete="CASCADE"),
                                            primary_key=True, index=True)
    position: Mapped[int]
    done: Mapped[bool] = mapped_column(default=False)
    reviewed_at: Mapped[datetime | None]
    reviewed_by: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))

    review: Mapped[RecordReview] = relationship(back_populates="episodes")
    episode: Mapped[Episode] = relationship()


class RecordImport(Base):
    """A file of clients, episodes and their variable values imported into a unit, or of a
    review's values for its records (``review_id``); the same file is never imported twice, and
    a whole import can be undone. An undone import stays listed (``undone_at``) and gives up its
    file's fingerprint, so that the same file may be imported again."""

    __tablename__ = "record_imports"
    __table_args__ = (UniqueConstraint("unit_id", "sha256"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    sha256: Mapped[str] = mapped_column(String(64))
    filename: Mapped[str] = mapped_column(String(200))
    rows: Mapped[int]
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The review whose values the file held (none: the unit's records); no foreign key, as
    # SQLite adds none in place.
    review_id: Mapped[int | None] = mapped_column()
    undone_at: Mapped[datetime | None] = mapped_column()

    review: Mapped[RecordReview | None] = relationship(
        primaryjoin="foreign(RecordImport.review_id) == RecordReview.id", viewonly=True)
