"""Fixtures: ``app``/``client``/``runner`` on a real database, SQLite and PostgreSQL both.

PostgreSQL is taken from SURVEY_TEST_POSTGRES_URL (default: the local server, database
``test``). Off CI the PostgreSQL cases skip with a message when no server answers; on CI
(CI=true) they fail instead.
"""
from __future__ import annotations

import os
import uuid
from datetime import date

import pytest
import sqlalchemy as sa
from werkzeug.security import generate_password_hash

from survey.app import create_app
from survey.migrations import upgrade
from survey.models import (
    Base,
    Client,
    Episode,
    Role,
    RoundStatus,
    RoundUnit,
    StaffUser,
    SurveyRound,
    Unit,
)
from survey.web.db import new_session

PASSWORD = "correct horse battery"
PASSWORD_HASH = generate_password_hash(PASSWORD)  # hashed once: scrypt is slow on purpose
PG_URL = os.environ.get("SURVEY_TEST_POSTGRES_URL",
                        "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def _postgres_database():
    """Make a throwaway database on the PostgreSQL server; yield its URL; drop it."""
    admin = sa.create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            name = f"survey_test_{uuid.uuid4().hex[:10]}"
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    except sa.exc.OperationalError as error:
        admin.dispose()
        if os.environ.get("CI"):
            raise
        pytest.skip(f"PostgreSQL not reachable at {PG_URL}: {error.__class__.__name__}")
    url = sa.engine.make_url(PG_URL).set(database=name)
    yield url.render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.dispose()


@pytest.fixture(scope="session", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request, tmp_path_factory):
    """An empty database built by the migrations, once per backend."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'survey.sqlite3'}"
        upgrade(url)
        yield url
    else:
        for url in _postgres_database():
            upgrade(url)
            yield url


def _empty_tables(engine: sa.Engine) -> None:
    tables = list(reversed(Base.metadata.sorted_tables))
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            names = ", ".join(t.name for t in tables)
            connection.exec_driver_sql(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
        else:
            for table in tables:
                connection.execute(table.delete())


@pytest.fixture
def app(database_url, tmp_path):
    app = create_app({
        "TESTING": True,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "test-secret",
        "WTF_CSRF_ENABLED": False,
    })
    app.instance_path = str(tmp_path)
    _empty_tables(app.extensions["survey_engine"])
    yield app
    app.extensions["survey_engine"].dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def db(app):
    """A database session of the test's own; no app context stays pushed, so each request
    gets a fresh one (as in production) and nothing cached on ``g`` leaks between requests."""
    with app.app_context():
        session = new_session()
    yield session
    session.close()


@pytest.fixture
def org(db):
    """Two outpatient units and a housing unit, staff of every role, a client per therapist."""
    north = Unit(name="North team", service_type="outpatient")
    south = Unit(name="South team", service_type="outpatient")
    home = Unit(name="Sunny home", service_type="housing")
    people = {}
    for username, role, units in [
        ("anna", Role.THERAPIST, [north]), ("bert", Role.THERAPIST, [north]),
        ("sven", Role.THERAPIST, [south]), ("cora", Role.COORDINATOR, [north, home]),
        ("adam", Role.ADMIN, []),
    ]:
        user = StaffUser(username=username, display_name=username.title(), role=role, units=units,
                         password_hash=PASSWORD_HASH)
        people[username] = user
    db.add_all([north, south, home, *people.values()])
    clients = {}
    for code, therapist, unit, age_group in [
        ("A-1", "anna", north, "30-49"), ("B-1", "bert", north, "18-29"),
        ("S-1", "sven", south, "6-12"),
    ]:
        client = Client(code=code, unit=unit, therapist=people[therapist], gender="woman",
                        age_group=age_group)
        clients[code] = client
        db.add(Episode(client=client, therapist=people[therapist], opened_on=date(2026, 1, 10)))
    db.commit()
    return {"units": {"north": north, "south": south, "home": home}, "staff": people,
            "clients": clients}


@pytest.fixture
def housing_round(db, org):
    """An open round of the housing survey for Sunny home (12 asked)."""
    survey_round = SurveyRound(questionnaire_id="ux-housing", questionnaire_version=1, year=2026,
                               status=RoundStatus.OPEN,
                               round_units=[RoundUnit(unit_id=org["units"]["home"].id, eligible=12)])
    db.add(survey_round)
    db.commit()
    return survey_round


@pytest.fixture
def login(client):
    """Log the test client in as one of the ``org`` staff."""

    def log_in(username: str) -> None:
        client.post("/logout")
        response = client.post("/login", data={"username": username, "password": PASSWORD})
        assert response.status_code == 302, response.data

    return log_in
