"""Two ``survey serve`` processes on one PostgreSQL behave as one: fifty tablets spread over
both, every acknowledged response stored once, and a response sent through one server shows at
once in the report read through the other (no per-process cache goes stale).

Skip them with ``-m "not load"``.
"""
from __future__ import annotations

import random
import re

import pytest
import requests
from sqlalchemy import func, select

from survey.models import Response, Role, StaffUser, SurveyRound
from survey.web.db import new_session
from tests.conftest import PASSWORD, PASSWORD_HASH

from .tablets import QUESTIONNAIRE, Server, open_round, run_tablets, submissions

pytestmark = pytest.mark.load
TABLETS, EACH = 50, 100
RESPONDENTS = re.compile(r"<p>([\d\xa0]+) svarande")  # 1 234 in Swedish


@pytest.fixture
def servers(app, database_url, tmp_path):
    if not database_url.startswith("postgresql"):
        pytest.skip("several servers share one PostgreSQL database (SQLite is for one server)")
    first = Server(database_url, app.config["SECRET_KEY"], tmp_path / "first.log")
    second = Server(database_url, app.config["SECRET_KEY"], tmp_path / "second.log")
    with first, second:
        yield first, second


def _coordinator_on(server: Server, app) -> requests.Session:
    """A coordinator signed in through ``server`` (its own login form and CSRF token)."""
    with app.app_context(), new_session() as db:
        if db.scalar(select(StaffUser).where(StaffUser.username == "cora")) is None:
            # The organisation's results need the organisation-level permission.
            db.add(StaffUser(username="cora", display_name="Cora", role=Role.COORDINATOR,
                             password_hash=PASSWORD_HASH, organisation_wide=True))
            db.commit()
    browser = requests.Session()
    base = f"http://127.0.0.1:{server.port}"
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', browser.get(base + "/login").text)
    answer = browser.post(base + "/login", data={"csrf_token": token.group(1), "username": "cora",
                                                 "password": PASSWORD}, allow_redirects=False)
    assert answer.status_code == 302, answer.text[:300]
    return browser


def _respondents(browser: requests.Session, server: Server, round_id: int) -> int:
    page = browser.get(f"http://127.0.0.1:{server.port}/reports/rounds/{round_id}/organisation")
    assert page.status_code == 200
    return int(RESPONDENTS.search(page.text).group(1).replace("\xa0", ""))


def test_two_servers_on_one_database_behave_as_one(app, servers, report):
    first, second = servers
    questionnaire = app.extensions["survey_catalogue"].get(*QUESTIONNAIRE)
    ticket = open_round(app)
    jobs = submissions(ticket, questionnaire, TABLETS, EACH, random.Random(15))
    with app.app_context(), new_session() as db:
        round_id = db.scalar(select(SurveyRound.id))
    reader = _coordinator_on(second, app)
    assert _respondents(reader, second, round_id) == 0  # the second server's cache holds 0 now

    load = run_tablets([first.port, second.port], jobs)
    report(f"two servers: {load.summary()}")
    assert load.server_errors == 0 and load.failures == 0
    sent = {job.key for tablet in jobs for job in tablet}
    with app.extensions["survey_engine"].connect() as connection:
        copies = dict(connection.execute(select(Response.uid, func.count()).group_by(Response.uid)).all())
    assert sorted(load.acknowledged) == sorted(sent) == sorted(copies)
    assert set(copies.values()) == {1}
    assert _respondents(reader, second, round_id) == TABLETS * EACH

    # One more response through the first server: the second server's report counts it at once.
    one_more = submissions(ticket, questionnaire, 1, 1, random.Random(16))
    assert run_tablets(first.port, one_more).acknowledged == [one_more[0][0].key]
    assert _respondents(reader, second, round_id) == TABLETS * EACH + 1
    assert _respondents(_coordinator_on(first, app), first, round_id) == TABLETS * EACH + 1
