"""The organisation, its units in a tree, and the staff who use the app."""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Column, ForeignKey, String, Table, false, func
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from survey.models.base import Base, enum_column, utcnow


class Role(str, enum.Enum):
    ADMIN = "admin"
    COORDINATOR = "coordinator"
    THERAPIST = "therapist"
    # Goes through a unit's records in a record review, and nothing else (last: the weakest,
    # for roles taken from an identity provider's groups).
    REVIEWER = "reviewer"


staff_units = Table(
    "staff_units",
    Base.metadata,
    Column("staff_id", ForeignKey("staff_users.id", ondelete="CASCADE"), primary_key=True),
    Column("unit_id", ForeignKey("units.id", ondelete="CASCADE"), primary_key=True),
)


class Organisation(Base):
    """The one organisation an install serves (a municipality, a region); ``survey init`` names it."""

    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Unit(Base):
    """A node of the organisation's tree: an area or department, or a service (a group home, a
    daily activity, an outpatient team). Top-level nodes have no parent; the depth is free."""

    __tablename__ = "units"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    # The unit's kind (``domain.vocabulary.UNIT_KINDS``): housing, outpatient, area …
    service_type: Mapped[str] = mapped_column(String(40))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    active: Mapped[bool] = mapped_column(default=True, server_default="1")
    # Goal follow-ups fall due this many months apart.
    follow_up_months: Mapped[int] = mapped_column(default=3, server_default="3")
    # The background and end variables this unit records, comma-separated (see ``variables``).
    variables: Mapped[str] = mapped_column(String(200), default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    staff: Mapped[list[StaffUser]] = relationship(secondary=staff_units, back_populates="units")
    parent: Mapped[Unit | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Unit]] = relationship(back_populates="parent")

    @property
    def report_group(self) -> str:
        """The group a unit is reported in: its parent in the tree, or itself at the top."""
        return self.parent.name if self.parent is not None else self.name

    @property
    def path(self) -> list[Unit]:
        """The unit's ancestors from the top of the tree, then the unit."""
        chain, node = [], self
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain[::-1]

    @property
    def variable_names(self) -> list[str]:
        return [name for name in self.variables.split(",") if name]


class StaffUser(Base):
    """A staff account. It has the four attributes a login manager asks of a user object
    (``is_authenticated``, ``is_active``, ``is_anonymous``, ``get_id``) without depending on one."""

    __tablename__ = "staff_users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(enum_column(Role, 20))
    active: Mapped[bool] = mapped_column(default=True)
    # Coordinators see raw answers (one row per answer) only when granted; admins always do.
    raw_data_access: Mapped[bool] = mapped_column(default=False)
    # A login remembers it; bumping it (logout, password change, disable) ends every session.
    session_version: Mapped[int] = mapped_column(default=1, server_default="1")
    # Coordinators see survey results of the whole organisation (and every unit) only when granted.
    organisation_wide: Mapped[bool] = mapped_column(default=False, server_default=false())
    # A therapist who leads a team (``leads_team``), granted by an admin like organisation_wide.
    team_lead: Mapped[bool] = mapped_column(default=False, server_default=false())
    # A coordinator who defines their own units' follow-up variables, granted by an admin.
    defines_variables: Mapped[bool] = mapped_column(default=False, server_default=false())
    # The staff pages' language (one of web.i18n.STAFF_LANGUAGES); None: the organisation's default.
    language: Mapped[str | None] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    units: Mapped[list[Unit]] = relationship(secondary=staff_units, back_populates="staff")

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    @property
    def is_active(self) -> bool:  # a login manager refuses inactive accounts
        return self.active

    is_authenticated = True
    is_anonymous = False

    def get_id(self) -> str:
        return str(self.id)

    # What the role allows, named for what it means: pages ask these, not the role's name.
    @property
    def runs_sessions(self) -> bool:
        """Therapists: register clients, run sessions, type in paper forms, rate goals."""
        return self.role == Role.THERAPIST

    @property
    def coordinates(self) -> bool:
        """Coordinators: survey rounds, results of every scope, erasing a client, unit settings."""
        return self.role == Role.COORDINATOR

    @property
    def administers(self) -> bool:
        """Admins: units, staff accounts and the audit log."""
        return self.role == Role.ADMIN

    @property
    def reviews_records(self) -> bool:
        """Record reviews of one's units: reviewers (who see only those pages) and coordinators."""
        return self.role in (Role.REVIEWER, Role.COORDINATOR)

    @property
    def hands_over_tablets(self) -> bool:
        """Hands the tablet to clients (everyone but reviewers)."""
        return self.role is not Role.REVIEWER

    @property
    def sees_clients(self) -> bool:
        """The client pages and their results (therapists and coordinators)."""
        return self.role in (Role.THERAPIST, Role.COORDINATOR)

    @property
    def leads_team(self) -> bool:
        """A therapist who leads the team of their units: besides their own caseload, the units'
        signals left open (with client codes only of clients they may open) and the units'
        session-feedback results, under the disclosure rule like a coordinator's.

        A permission on a therapist's account rather than a role of its own: a team lead in
        these services keeps a caseload, and a role would make them choose between their own
        clients and the oversight. So they stay a therapist everywhere else (no survey rounds, no
        unit settings, no erasing, no client they do not own, no follow-up report, whose
        tables are exact for the unit's coordinators), and the permission adds the two lists."""
        return self.role is Role.THERAPIST and self.team_lead

    @property
    def sees_unit_results(self) -> bool:
        """Session-feedback results per unit and per therapist of one's units."""
        return self.coordinates or self.leads_team

    @property
    def sees_survey_reports(self) -> bool:
        """The survey rounds' results (coordinators and admins)."""
        return self.role in (Role.COORDINATOR, Role.ADMIN)

    @property
    def sees_raw_answers(self) -> bool:
        return self.role is Role.ADMIN or (self.role is Role.COORDINATOR and self.raw_data_access)

    @property
    def sees_whole_organisation(self) -> bool:
        """Survey results of every unit and the organisation (admins; coordinators if granted)."""
        return self.role is Role.ADMIN or (self.role is Role.COORDINATOR and self.organisation_wide)

    def defines_variables_of(self, unit_id: int | None) -> bool:
        """Whether this account may define follow-up variables for a unit (None: the
        organisation's): admins for every one, coordinators with the permission for their own
        units only."""
        if self.role is Role.ADMIN:
            return True
        return (self.role is Role.COORDINATOR and self.defines_variables and unit_id is not None
                and unit_id in self.unit_ids)

    def reports_on(self, unit_ids) -> bool:
        """Whether this account may act on and read survey results of all these units."""
        return self.sees_whole_organisation or (self.role is Role.COORDINATOR
                                                and set(unit_ids) <= self.unit_ids)

    @property
    def unit_ids(self) -> set[int]:
        return {unit.id for unit in self.units}


_report_parent = Unit.__table__.alias("report_parent")


def report_group_column():
    """SQL for ``Unit.report_group``: the parent's name, or the unit's own at the top. The query
    joins the parent with ``join_report_group``."""
    return func.coalesce(_report_parent.c.name, Unit.name)


def join_report_group(query):
    """``query`` (which already has ``Unit``) with each unit's parent, for ``report_group_column``."""
    return query.outerjoin(_report_parent, _report_parent.c.id == Unit.parent_id)


class PasswordReset(Base):
    """A one-time reset code for an account: only its hash is kept; it expires and works once."""

    __tablename__ = "password_resets"

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]

    staff: Mapped[StaffUser] = relationship()
