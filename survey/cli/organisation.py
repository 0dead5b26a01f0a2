"""Setting up a real organisation from the command line: ``init`` (first run), units, staff
from files, password reset codes, and ``backup`` of a SQLite database."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select
from sqlalchemy.engine import make_url

from survey.admin.messages import ERRORS as STAFF_ERRORS
from survey.admin.messages import problem_text
from survey.auth.messages import ERRORS as ACCOUNT_ERRORS
from survey.domain.vocabulary import UNIT_KINDS
from survey.migrations import upgrade
from survey.models import Role, StaffUser, Unit
from survey.operations import (
    OrganisationError,
    StaffError,
    audit,
    create_staff,
    create_unit,
    import_staff,
    import_units,
    issue_password_reset,
    name_organisation,
    organisation,
)
from survey.web.db import new_session
from survey.web.helpers import worded

# The words of a refused change (the admin pages' and the account pages').
REFUSALS = {**ACCOUNT_ERRORS, **STAFF_ERRORS}


def _unit(db, name: str | None) -> Unit | None:
    if not name:
        return None
    unit = db.scalar(select(Unit).where(Unit.name == name))
    if unit is None:
        raise click.ClickException(f"unknown unit: {name}")
    return unit


@click.command("init")
@click.option("--organisation", "org_name", prompt="The organisation's name")
@click.option("--admin", "username", prompt="The first admin's username")
@click.option("--name", "display_name", default="", help="The admin's name (defaults to the username).")
@click.option("--sso-only", is_flag=True, help="No password: the admin signs in through OpenID Connect.")
@click.option("--password", default=None, help="Asked for unless --sso-only.")
@with_appcontext
def init(org_name: str, username: str, display_name: str, sso_only: bool, password: str | None) -> None:
    """First run: build the database, name the organisation and create the first admin."""
    upgrade(current_app.config["DATABASE_URL"])
    if not sso_only and password is None:
        password = click.prompt("The admin's password", hide_input=True, confirmation_prompt=True)
    with new_session() as db:
        if db.scalar(select(StaffUser.id).limit(1)) is not None or organisation(db) is not None:
            raise click.ClickException("this database is already set up (use the admin pages)")
        try:
            name_organisation(db, org_name)
            admin = create_staff(db, username, display_name, Role.ADMIN, [],
                                 password=None if sso_only else password)
        except (OrganisationError, StaffError) as error:
            raise click.ClickException(worded(error, REFUSALS)) from None
        audit(db, None, "create", "staff", admin.id, "survey init: first admin")
        db.commit()
    click.echo(f"{org_name} is set up; admin {username!r} can sign in.")


@click.command("create-unit")
@click.argument("name")
@click.option("--kind", type=click.Choice(UNIT_KINDS), required=True)
@click.option("--parent", default=None, help="The unit (area, department) it belongs to.")
@with_appcontext
def create_unit_command(name: str, kind: str, parent: str | None) -> None:
    """Add a unit to the organisation's tree."""
    with new_session() as db:
        try:
            unit = create_unit(db, name, kind, _unit(db, parent))
        except OrganisationError as error:
            raise click.ClickException(worded(error, REFUSALS)) from None
        audit(db, None, "create", "unit", unit.id, "command line")
        db.commit()
    click.echo(f"Created unit {name!r}.")


def _import(kind: str, path: str) -> None:
    file = Path(path)
    with new_session() as db:
        outcome = (import_units if kind == "unit" else import_staff)(db, file.read_bytes(), file.name)
        if outcome.problems:
            db.rollback()
            for problem in outcome.problems:
                click.echo(problem_text(problem), err=True)
            raise click.ClickException(f"{len(outcome.problems)} problem(s); nothing imported")
        audit(db, None, "import", kind, None, f"command line: {outcome.created} from {file.name}")
        db.commit()
    what = "unit(s)" if kind == "unit" else "staff account(s)"
    click.echo(f"Imported {outcome.created} {what} from {file.name}.")


@click.command("import-units")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@with_appcontext
def import_units_command(path: str) -> None:
    """Import units (name, kind, parent) from CSV or XLSX: all rows or none."""
    _import("unit", path)


@click.command("import-staff")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@with_appcontext
def import_staff_command(path: str) -> None:
    """Import staff (username, name, role, units) from CSV or XLSX: all rows or none."""
    _import("staff", path)


@click.command("reset-password")
@click.argument("username")
@with_appcontext
def reset_password_command(username: str) -> None:
    """Print a one-time code (valid 24 hours) with which USERNAME sets a new password."""
    with new_session() as db:
        staff = db.scalar(select(StaffUser).where(StaffUser.username == username))
        if staff is None:
            raise click.ClickException(f"no user {username!r}")
        code = issue_password_reset(db, staff)
        audit(db, None, "reset", "staff", staff.id, "command line: one-time code")
        db.commit()
    base = current_app.config["BASE_URL"] or "<SURVEY_BASE_URL>"
    click.echo(f"One-time link: {base}/account/reset/{code}")


@click.command("backup")
@click.argument("target", type=click.Path(dir_okay=False, writable=True))
@with_appcontext
def backup(target: str) -> None:
    """Copy the SQLite database to TARGET while the app runs (SQLite's online backup).
    For PostgreSQL use pg_dump (docs/deployment.md)."""
    url = make_url(current_app.config["DATABASE_URL"])
    if url.get_backend_name() != "sqlite" or not url.database:
        raise click.ClickException("survey backup is for SQLite; back PostgreSQL up with pg_dump")
    source = sqlite3.connect(f"file:{url.database}?mode=ro", uri=True)
    copy = sqlite3.connect(target)
    try:
        with copy:
            source.backup(copy)
    finally:
        copy.close()
        source.close()
    click.echo(f"Backed up {url.database} to {target}.")


COMMANDS = (init, create_unit_command, import_units_command, import_staff_command,
            reset_password_command, backup)
