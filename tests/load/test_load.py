"""Fifty tablets sending a hundred responses each at once to the app under waitress, on SQLite
and PostgreSQL; once plainly and once with the server killed (SIGKILL) and restarted midway.
Every response acknowledged is stored exactly once, with all its answers.

Skip them with ``-m "not load"``.
"""
from __future__ import annotations

import random

import pytest
from sqlalchemy import func, select

from survey.models import Answer, Response

from .tablets import (
    QUESTIONNAIRE,
    Server,
    open_round,
    run_tablets,
    submissions,
    wait_for,
)

pytestmark = pytest.mark.load
TABLETS, EACH = 50, 100


@pytest.fixture
def questionnaire(app):
    return app.extensions["survey_catalogue"].get(*QUESTIONNAIRE)


@pytest.fixture
def server(app, database_url, tmp_path):
    with Server(database_url, app.config["SECRET_KEY"], tmp_path / "server.log") as running:
        yield running


@pytest.fixture
def jobs(app, questionnaire):
    return submissions(open_round(app), questionnaire, TABLETS, EACH, random.Random(11))


def _assert_stored_once(app, questionnaire, jobs, load) -> None:
    sent = {job.key for tablet in jobs for job in tablet}
    acknowledged = load.acknowledged
    with app.extensions["survey_engine"].connect() as connection:
        copies = dict(connection.execute(select(Response.uid, func.count()).group_by(Response.uid)).all())
        answers = connection.execute(
            select(Response.uid, func.count(Answer.id)).outerjoin(Answer).group_by(Response.id)).all()
    assert len(acknowledged) == len(set(acknowledged)) == len(sent)  # nothing lost
    assert set(acknowledged) == sent == set(copies)
    assert [uid for uid, count in copies.items() if count != 1] == []  # nothing stored twice
    items = len(questionnaire.items)
    assert [uid for uid, count in answers if count != items] == []  # every answer kept


def _stored(app) -> int:
    with app.extensions["survey_engine"].connect() as connection:
        return connection.scalar(select(func.count()).select_from(Response))


def _assert_database_intact(app) -> None:
    engine = app.extensions["survey_engine"]
    with engine.begin() as connection:
        if engine.dialect.name == "sqlite":
            assert connection.exec_driver_sql("PRAGMA integrity_check").scalars().all() == ["ok"]
            return
        # amcheck: every B-tree index of the two tables is consistent and holds every row.
        connection.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS amcheck")
        checked = connection.exec_driver_sql(
            "SELECT count(bt_index_check(i.indexrelid, true)) FROM pg_index i "
            "JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am am ON am.oid = c.relam "
            "WHERE am.amname = 'btree' "
            "AND i.indrelid IN ('responses'::regclass, 'answers'::regclass)").scalar()
        assert checked >= 4


def test_fifty_tablets_at_once_lose_nothing_and_store_nothing_twice(
        app, questionnaire, server, jobs, report):
    load = run_tablets(server.port, jobs)
    report(load.summary())
    assert load.server_errors == 0 and load.failures == 0
    _assert_stored_once(app, questionnaire, jobs, load)
    # A burst queues requests; waitress would log a warning for nearly each one.
    assert "Task queue depth" not in server.log.read_text()


def test_a_server_killed_midway_keeps_every_response_it_acknowledged(
        app, questionnaire, server, jobs, report):
    def kill_and_restart(acknowledged):
        wait_for(lambda: acknowledged() >= TABLETS * EACH // 3, timeout=90)
        server.kill()
        server.start()

    load = run_tablets(server.port, jobs, during=kill_and_restart)
    server.stop()
    report(f"{load.summary()}; stored {_stored(app)}")
    assert load.server_errors == 0
    assert load.failures > 0  # the kill cut some requests off
    _assert_stored_once(app, questionnaire, jobs, load)
    _assert_database_intact(app)

