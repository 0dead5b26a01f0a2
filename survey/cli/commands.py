"""The ``survey`` command: init-db, create-user, demo, serve (and Flask's own commands)."""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import FlaskGroup, with_appcontext
from sqlalchemy import select

from survey.domain.vocabulary import STAFF_LANGUAGES
from survey.migrations import upgrade
from survey.models import Base, Role, StaffUser, Unit
from survey.web.db import get_engine, new_session


def _create_app(*_args):
    from survey.app import create_app

    return create_app()


@click.group(cls=FlaskGroup, create_app=_create_app, add_version_option=False)
def main() -> None:
    """Accessible surveys and session feedback for social services."""


@click.command("init-db")
@with_appcontext
def init_db() -> None:
    """Create or update the database schema with the migrations."""
    upgrade(current_app.config["DATABASE_URL"])
    click.echo("The database is up to date.")


@click.command("create-user")
@with_appcontext
@click.argument("username")
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.option("--name", "display_name", help="Name shown in the app (defaults to USERNAME).")
@click.option("--unit", "unit_names", multiple=True, help="Unit the user works in (repeatable).")
@click.option("--raw-data-access", is_flag=True,
              help="A coordinator who may export raw answers (one row per answer).")
@click.option("--organisation-wide", is_flag=True,
              help="A coordinator who sees survey results of every unit and the organisation.")
@click.option("--team-lead", is_flag=True,
              help="A therapist who sees the units' open signals and results.")
@click.option("--defines-variables", is_flag=True,
              help="A coordinator who defines the follow-up variables of their units.")
@click.option("--language", type=click.Choice(STAFF_LANGUAGES), default=None,
              help="The staff pages' language (defaults to SURVEY_DEFAULT_LANGUAGE).")
@click.password_option(help="Asked for when not given.")
def create_user(username, role, display_name, unit_names, raw_data_access, organisation_wide,
                team_lead, defines_variables, language, password) -> None:
    """Add a staff account (the password must meet the app's password policy)."""
    from survey.admin.messages import ERRORS as STAFF_ERRORS
    from survey.auth.messages import ERRORS as ACCOUNT_ERRORS
    from survey.operations import StaffError, audit, create_staff
    from survey.web.helpers import worded

    with new_session() as db:
        if db.scalar(select(StaffUser).where(StaffUser.username == username)):
            raise click.ClickException(f"user {username!r} already exists")
        units = list(db.scalars(select(Unit).where(Unit.name.in_(unit_names))))
        unknown = set(unit_names) - {u.name for u in units}
        if unknown:
            raise click.ClickException(f"unknown unit(s): {', '.join(sorted(unknown))}")
        try:
            user = create_staff(db, username, display_name or username, Role(role), units,
                                raw_data_access, password, organisation_wide=organisation_wide,
                                team_lead=team_lead, defines_variables=defines_variables,
                                language=language)
        except StaffError as error:
            raise click.ClickException(worded(error, {**ACCOUNT_ERRORS, **STAFF_ERRORS})) from None
        audit(db, None, "create", "staff", user.id, "command line")
        db.commit()
    click.echo(f"Created {role} {username!r}.")


@click.command("demo")
@with_appcontext
@click.option("--reset", is_flag=True, help="Delete everything in the database first.")
def demo(reset: bool) -> None:
    """Fill the database with realistic demo data and print the demo logins."""
    from survey.demo.seed import DEMO_PASSWORD, seed_demo

    url = current_app.config["DATABASE_URL"]
    if reset:
        engine = get_engine()
        Base.metadata.drop_all(engine)
        with engine.begin() as connection:
            connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
    upgrade(url)
    with new_session() as db:
        if db.scalar(select(StaffUser.id).limit(1)) is not None:
            click.echo("The database already has data; keeping it (use --reset to start over).")
            return
        logins = seed_demo(db, current_app.extensions["survey_catalogue"])
        db.commit()
    click.echo("Demo data created. Logins (password for all: %s):" % DEMO_PASSWORD)
    for username, role in logins:
        click.echo(f"  {username:<14} {role}")


@click.command("serve")
@with_appcontext
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--threads", default=4, show_default=True, type=int,
              help="Worker threads (4 stored the most responses per second; more contend for the GIL).")
def serve(host: str, port: int, threads: int) -> None:
    """Run the app under the production WSGI server (waitress)."""
    import logging

    from waitress import serve as waitress_serve

    # Waitress warns of its queue depth on nearly every request under a burst of tablets.
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    click.echo(f"Open http://{host}:{port}/ in a browser.")
    waitress_serve(current_app._get_current_object(), host=host, port=port, threads=threads,
                   max_request_body_size=current_app.config["MAX_CONTENT_LENGTH"])


def _round(db, round_id: int):
    from survey.models import SurveyRound

    survey_round = db.get(SurveyRound, round_id)
    if survey_round is None:
        raise click.ClickException(f"no survey round {round_id}")
    return survey_round


@click.command("export")
@click.option("--round", "round_id", type=int, required=True, help="Survey round id.")
@click.option("--format", "fmt", type=click.Choice(["xlsx", "csv"]), default="xlsx", show_default=True)
@click.option("--raw/--no-raw", default=False, help="Include the raw answers sheet (xlsx).")
@click.option("--output", type=click.Path(dir_okay=False, writable=True), required=True)
@with_appcontext
def export(round_id: int, fmt: str, raw: bool, output: str) -> None:
    """Write a round's results: XLSX (summary, one sheet per unit) or the raw answers as CSV."""
    from flask_babel import force_locale, gettext

    from survey.operations import audit
    from survey.reporting.workbook import csv_bytes
    from survey.services.surveys import raw_answer_rows, round_workbook

    catalogue = current_app.extensions["survey_catalogue"]
    language = current_app.config["DEFAULT_LANGUAGE"]  # the file speaks the organisation's
    with new_session() as db, force_locale(language):
        survey_round = _round(db, round_id)
        if fmt == "csv":
            data = csv_bytes(raw_answer_rows(db, catalogue, survey_round, language))
        else:
            data = round_workbook(db, current_app.extensions["survey_counts_cache"], catalogue,
                                  survey_round, current_app.config["MIN_GROUP_SIZE"], raw, None,
                                  True, gettext, language)
        audit(db, None, "export", "round", round_id, f"command line {fmt}{' raw' if raw else ''}")
        db.commit()
    with open(output, "wb") as target:
        target.write(data)
    click.echo(f"Wrote {output} ({len(data):,} bytes).")


@click.command("import-responses")
@click.option("--round", "round_id", type=int, required=True, help="Survey round id.")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@with_appcontext
def import_responses(round_id: int, path: str) -> None:
    """Import paper answers from a CSV or XLSX file; any problem stores nothing."""
    from pathlib import Path

    from flask_babel import force_locale

    from survey.coordinator.messages import problem_text
    from survey.domain.spreadsheet import first_problems
    from survey.operations import audit, import_paper_answers

    file = Path(path)
    with new_session() as db:
        outcome = import_paper_answers(db, current_app.extensions["survey_catalogue"],
                                       _round(db, round_id), file.read_bytes(), file.name, None)
        if outcome.already_imported:
            db.rollback()
            raise click.ClickException(f"{file.name} is already imported; nothing added")
        if outcome.problems:
            db.rollback()
            shown, more = first_problems(outcome.problems)
            with force_locale("en"):  # operators read the command line in English
                for problem in shown:
                    click.echo(problem_text(problem), err=True)
            if more:
                click.echo(f"... and {more} more problem(s)", err=True)
            raise click.ClickException(f"{len(outcome.problems)} problem(s); nothing imported")
        audit(db, None, "import", "round", round_id, f"command line: {outcome.stored} from {file.name}")
        db.commit()
    click.echo(f"Imported {outcome.stored} responses from {file.name}.")


@click.command("retention")
@click.option("--apply", is_flag=True, help="Anonymise them (without it, only count them).")
@with_appcontext
def retention(apply: bool) -> None:
    """Anonymise clients whose episodes all closed longer ago than SURVEY_RETENTION_DAYS."""
    from datetime import date, timedelta

    from survey.operations import anonymise_client, audit, clients_past_retention

    cutoff = date.today() - timedelta(days=current_app.config["RETENTION_DAYS"])
    with new_session() as db:
        found = clients_past_retention(db, cutoff)
        if apply:
            for client in found:
                anonymise_client(db, client)
                audit(db, None, "anonymise", "client", client.id, f"retention, closed before {cutoff}")
            db.commit()
    verb = "Anonymised" if apply else "Would anonymise"
    click.echo(f"{verb} {len(found)} client(s) whose episodes all closed before {cutoff}.")


def register_commands(app) -> None:
    from survey.cli.organisation import COMMANDS
    from survey.cli.speech import speech
    from survey.cli.translations import translations_command

    for command in (init_db, create_user, demo, serve, speech, export, import_responses, retention,
                    translations_command, *COMMANDS):
        app.cli.add_command(command)
