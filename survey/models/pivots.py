"""Saved pivots: a unit's named tables (rows, columns, age scheme, groups, percentages) that a
coordinator sets once and reads every year (``domain.pivots.PivotSpec``); the stamp of what
pivots count (``PivotStamp``)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, BigInteger, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from survey.models.base import Base, utcnow


class SavedPivot(Base):
    __tablename__ = "saved_pivots"
    __table_args__ = (UniqueConstraint("unit_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    settings: Mapped[dict] = mapped_column(JSON)  # PivotSpec.as_dict()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))


# The tables whose rows a pivot counts: a change to any of them changes the stamp.
STAMPED_TABLES = ("clients", "episodes", "recorded_values", "goals")


class PivotStamp(Base):
    """The row ``id`` 1, whose ``n`` the database's own triggers (migration 0020) raise on every
    change to ``STAMPED_TABLES``. PostgreSQL: a changing statement notes its transaction (a row
    ``id = -txid`` of its own, so writers never wait on each other) and at commit the note raises
    ``n`` in the writer's transaction; SQLite: every row updated or deleted raises it (an insert
    shows in the tables' highest ids, as SQLite writes one transaction at a time). So a cache of
    what pivots count is checked against every write path, bulk and cascading ones included."""

    __tablename__ = "pivot_stamps"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    n: Mapped[int] = mapped_column(BigInteger, default=0)
