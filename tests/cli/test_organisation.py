"""Setting up a real organisation from the command line: init, units, staff, reset, backup."""
from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess

import pytest
import sqlalchemy as sa
from sqlalchemy import select
from sqlalchemy.engine import make_url

from survey.models import AuditEvent, Organisation, Role, StaffUser, Unit
from tests.conftest import PASSWORD


def test_init_names_the_organisation_and_creates_the_first_admin(runner, db):
    short = runner.invoke(args=["init", "--organisation", "Ånge kommun", "--admin", "ada",
                                "--password", "short"])
    assert short.exit_code != 0 and "minst 12 tecken" in short.output
    assert db.scalar(select(StaffUser)) is None and db.scalar(select(Organisation)) is None
    done = runner.invoke(args=["init", "--organisation", "Ånge kommun", "--admin", "ada"],
                         input="a long admin pass\na long admin pass\n")
    assert done.exit_code == 0, done.output
    admin = db.scalar(select(StaffUser))
    assert admin.role is Role.ADMIN and admin.check_password("a long admin pass")
    assert db.scalar(select(Organisation.name)) == "Ånge kommun"
    again = runner.invoke(args=["init", "--organisation", "X", "--admin", "eve", "--sso-only"])
    assert again.exit_code != 0 and "already set up" in again.output


def test_units_made_on_the_command_line_take_staff(runner, db):
    assert runner.invoke(args=["create-unit", "Öppenvården", "--kind", "area"]).exit_code == 0
    made = runner.invoke(args=["create-unit", "Team Norr", "--kind", "outpatient", "--parent", "Öppenvården"])
    assert made.exit_code == 0, made.output
    user = runner.invoke(args=["create-user", "nils", "--role", "therapist", "--unit", "Team Norr",
                               "--password", "a long pass phrase"])
    assert user.exit_code == 0, user.output
    assert db.scalar(select(Unit).where(Unit.name == "Team Norr")).report_group == "Öppenvården"
    weak = runner.invoke(args=["create-user", "olga", "--role", "admin", "--password", "short"])
    assert weak.exit_code != 0 and "minst 12 tecken" in weak.output


def test_import_commands_store_all_rows_or_none(runner, db, tmp_path):
    units, bad, staff = tmp_path / "units.csv", tmp_path / "bad.csv", tmp_path / "staff.csv"
    units.write_text("name;kind;parent\nBoende;area;\nSolgården;housing;Boende\n", encoding="utf-8")
    bad.write_text("name;kind;parent\nX;area;\nY;housing;Nowhere\n", encoding="utf-8")
    staff.write_text("username,name,role,units\neva,Eva,coordinator,Solgården\n", encoding="utf-8")
    refused = runner.invoke(args=["import-units", str(bad)])
    assert refused.exit_code != 0 and "Rad 3, kolumn parent: okänd enhet" in refused.output
    assert db.scalar(select(Unit)) is None
    assert runner.invoke(args=["import-units", str(units)]).exit_code == 0
    result = runner.invoke(args=["import-staff", str(staff)])
    assert result.exit_code == 0 and "Imported 1 staff account(s)" in result.output
    eva = db.scalar(select(StaffUser).where(StaffUser.username == "eva"))
    assert [u.name for u in eva.units] == ["Solgården"]


def test_reset_password_prints_a_one_time_link_that_works_once(runner, client, org, db, app):
    app.config["BASE_URL"] = "https://enkat.example.se"
    result = runner.invoke(args=["reset-password", "anna"])
    link = result.output.strip().split()[-1]
    assert link.startswith("https://enkat.example.se/account/reset/")
    path = link.removeprefix("https://enkat.example.se")
    assert client.post(path, data={"new": "too short", "repeat": "too short"}).status_code == 422
    assert client.post(path, data={"new": "a brand new phrase", "repeat": "a brand new phrase"}).status_code == 302
    assert client.post("/login", data={"username": "anna", "password": "a brand new phrase"}).status_code == 302
    client.post("/logout")
    used = client.post(path, data={"new": "another new phrase", "repeat": "another new phrase"})
    assert used.status_code == 422 and "ogiltig" in used.get_data(as_text=True)
    db.expire_all()
    assert db.scalar(select(AuditEvent.action).where(AuditEvent.detail.like("command line: one-time%"))) == "reset"


def _signs_in(url: str) -> bool:
    """An app started on the restored database upgrades cleanly and lets Adam in."""
    from survey.app import create_app

    restored = create_app({"DATABASE_URL": url, "SECRET_KEY": "x", "TESTING": True,
                           "WTF_CSRF_ENABLED": False})
    try:
        assert restored.test_cli_runner().invoke(args=["init-db"]).exit_code == 0
        answer = restored.test_client().post("/login", data={"username": "adam", "password": PASSWORD})
        return answer.status_code == 302
    finally:
        restored.extensions["survey_engine"].dispose()


def test_backup_and_restore_as_docs_deployment_tells(runner, org, database_url, tmp_path):
    """SQLite: ``survey backup`` (online backup API), the copy put in place. PostgreSQL: the
    guide's pg_dump -Fc and pg_restore into a new database."""
    url = make_url(database_url)
    target = tmp_path / "backup"
    if url.get_backend_name() == "sqlite":
        result = runner.invoke(args=["backup", str(target)])
        assert result.exit_code == 0, result.output
        with sqlite3.connect(target) as copy:
            assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        restored = tmp_path / "restored.sqlite3"
        shutil.copy(target, restored)
        assert _signs_in(f"sqlite:///{restored}")
        return
    assert "pg_dump" in runner.invoke(args=["backup", str(target)]).output
    if shutil.which("pg_dump") is None:
        if os.environ.get("CI"):  # PostgreSQL's client tools come with the server on CI
            pytest.fail("pg_dump not installed")
        pytest.skip("pg_dump (PostgreSQL's client tools) not installed")
    libpq = url.set(drivername="postgresql").render_as_string(hide_password=False)
    subprocess.run(["pg_dump", "--format=custom", f"--file={target}", libpq], check=True)
    copy = url.set(database=f"{url.database}_restored")
    server = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{copy.database}"')
    try:
        subprocess.run(["pg_restore", "--no-owner", "--exit-on-error",
                        f"--dbname={copy.set(drivername='postgresql').render_as_string(hide_password=False)}",
                        str(target)], check=True)
        assert _signs_in(copy.render_as_string(hide_password=False))
    finally:
        with server.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{copy.database}" WITH (FORCE)')
        server.dispose()
