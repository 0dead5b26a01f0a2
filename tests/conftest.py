"""Fixtures: ``app``/``client``/``runner`` on a real database, SQLite and PostgreSQL both.

PostgreSQL is taken from SURVEY_TEST_POSTGRES_URL (default: the local server, database
``test``). Off CI the PostgreSQL cases skip with a message when no server answers; on CI
(CI=true) they fail instead.

Data: ``org`` (units, staff, a client per therapist), ``annas`` (A-1 with a session, a goal and
a follow-up), ``housing_round`` and ``paper_round`` with ``paper_csv``. Flows that several test
files go through, each a fixture that returns a function: ``login``, ``register`` (a client),
``hand_over_round`` and ``hand_over_session`` (the tablet's ticket), ``sign_ticket``,
``answer_on_tablet`` (through the JSON API), ``upload_paper``, ``post_form``; and the checks
``count``, ``item_keys``, ``table_row``. Speech: ``google`` (gTTS's HTTP faked), ``espeak``
(skips without espeak-ng off CI), ``is_audio``.

The test folders mirror ``survey/`` (tests/domain/test_scoring.py is about
survey/domain/scoring.py); tests of the whole app (every route, injection, the layers) are at
the top. Each folder is a package (an ``__init__.py``), so two folders may hold files of the
same name.
"""
from __future__ import annotations

import base64
import io
import json
import os
import re
import shutil
import urllib.parse
import uuid
from datetime import date
from pathlib import Path

import pytest
import requests
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
    TreatmentSession,
    Unit,
)
from survey.operations import add_goal, install_starter_set, start_follow_up
from survey.operations import start_session as start_session_on
from survey.queries.tallies import tallies_match
from survey.web import tickets
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
    """Every table emptied, children first, and on PostgreSQL every id counted from 1 again:
    DELETE and setval, as TRUNCATE of forty small tables takes half a second a test."""
    tables = list(reversed(Base.metadata.sorted_tables))
    with engine.begin() as connection:
        if engine.dialect.name == "sqlite":
            connection.execute(Unit.__table__.update().values(parent_id=None))  # the tree's own key
        for table in tables:
            connection.execute(table.delete())
        if engine.dialect.name == "postgresql":
            sequences = connection.exec_driver_sql(
                "SELECT schemaname || '.' || sequencename FROM pg_sequences").scalars().all()
            if sequences:
                connection.exec_driver_sql("SELECT " + ", ".join(
                    f"setval('{name}', 1, false)" for name in sequences))


@pytest.fixture
def app(database_url, tmp_path):
    app = create_app({
        "TESTING": True,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "test-secret-key-of-at-least-32-bytes",
        "WTF_CSRF_ENABLED": False,
    })
    app.instance_path = str(tmp_path)
    _empty_tables(app.extensions["survey_engine"])
    yield app
    _check_tallies(app)
    app.extensions["survey_engine"].dispose()


def _check_tallies(app) -> None:
    """After every test, each round's tallies equal a recount of its answers: a write path
    that forgets them fails whichever test goes through it."""
    catalogue = app.extensions["survey_catalogue"]
    with app.app_context():
        session = new_session()
    try:
        for survey_round in session.scalars(sa.select(SurveyRound)):
            dont_know = catalogue.get(survey_round.questionnaire_id,
                                      survey_round.questionnaire_version).dont_know_keys
            assert tallies_match(session, survey_round.id, dont_know), (
                f"round {survey_round.id}: its tallies differ from its answers")
    finally:
        session.close()


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
    install_starter_set(db)
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


@pytest.fixture
def password():
    """The password of every ``org`` staff member."""
    return PASSWORD


@pytest.fixture
def count(db):
    """``count(Model)``: how many rows the table holds now (the test's session expired first)."""

    def rows(model) -> int:
        db.expire_all()
        return db.scalar(sa.select(sa.func.count()).select_from(model))

    return rows


@pytest.fixture
def post_form(client):
    """``post_form(url, **fields)``: post a staff form that must succeed (302); the answer."""

    def post(url: str, **data):
        answer = client.post(url, data=data)
        assert answer.status_code == 302, answer.get_data(as_text=True)[:500]
        return answer

    return post


@pytest.fixture
def table_row():
    """``table_row(page, table_id, key)``: the cells, as text, of the row of a table on a page
    marked by its data-type or data-value."""

    def row(page: str, table_id: str, key: str) -> list[str]:
        table = re.search(rf'id="{table_id}".*?</table>', page, re.S).group(0)
        cells = re.search(rf'data-(?:type|value)="{key}">(.*?)</tr>', table, re.S).group(1)
        return [re.sub(r"<[^>]+>", "", cell).strip()
                for cell in re.findall(r"<td[^>]*>(.*?)</td>", cells, re.S)]

    return row


@pytest.fixture
def item_keys(app):
    """``item_keys(questionnaire_id)``: its item keys, in order (latest version)."""
    catalogue = app.extensions["survey_catalogue"]
    return lambda questionnaire_id: [item.key for item in catalogue.get(questionnaire_id).items]


# --- A client and a therapist ----------------------------------------------------------------

@pytest.fixture
def register(client):
    """``register(code, unit_id, ...)``: the logged-in therapist registers a client through the
    page (an episode opens on ``opened_on``, today if not given); the new client's id."""

    def new_client(code: str, unit_id: int | None = None, gender: str = "woman",
                   age_group: str = "30-49", opened_on: date | None = None) -> int:
        sent = client.post("/clinic/clients", data={
            "code": code, "unit": unit_id, "gender": gender, "age_group": age_group,
            "opened_on": (opened_on or date.today()).isoformat()})
        assert sent.status_code == 302, sent.get_data(as_text=True)
        return int(sent.location.rsplit("/", 1)[1])

    return new_client


@pytest.fixture
def annas(db, org):
    """Anna's client A-1 with a session (2 Feb 2026), a goal and an intake follow-up
    (10 Jan 2026), made through the operations: their ids."""
    client = org["clients"]["A-1"]
    episode = client.episodes[0]
    session = start_session_on(db, episode, date(2026, 2, 2))
    goal = add_goal(db, episode, "Ett mål", date(2026, 1, 10))
    follow_up = start_follow_up(db, episode, "intake", date(2026, 1, 10))
    db.commit()
    return {"client_id": client.id, "episode_id": episode.id, "session_id": session.id,
            "goal_id": goal.id, "follow_up_id": follow_up.id}


# --- The tablet: handed over, a ticket signed, answers sent ----------------------------------

def _ticket_in(location: str) -> str:
    assert "/kiosk/t/" in location, location
    return re.search(r"/kiosk/t/([^/?]+)", location).group(1)


@pytest.fixture
def sign_ticket(app):
    """``sign_ticket(questionnaire_id, version=1, mode="self", language="sv", **place)``: a
    tablet ticket this app signed; ``place`` is its unit and its round, session or follow-up
    (and any other ticket field, e.g. ``hand_back``)."""

    def sign(questionnaire_id: str, version: int = 1, mode: str = "self", language: str = "sv",
             **place) -> str:
        with app.app_context():
            return tickets.sign(tickets.Ticket(questionnaire_id=questionnaire_id,
                                               questionnaire_version=version, language=language,
                                               mode=mode, **place))

    return sign


@pytest.fixture
def hand_over_round(client, login):
    """``hand_over_round(round_id, unit_id, mode="self", language="sv", **options)``: Cora hands
    the tablet over for a survey round (``options``: the tablet options, e.g. speech_rate="slow")
    and is logged out; the ticket the tablet now holds (its pages are under ``/kiosk/t/<ticket>``)."""

    def hand_over(round_id: int, unit_id: int, mode: str = "self", language: str = "sv",
                  **options: str) -> str:
        login("cora")
        answer = client.post("/kiosk/hand-over", data={
            "round_unit": f"{round_id}:{unit_id}", "mode": mode, "language": language,
            "level": "pictures", "log_out": "y", **options})
        assert answer.status_code == 302
        return _ticket_in(answer.location)

    return hand_over


@pytest.fixture
def hand_back(client):
    """``hand_back(username, next="")``: staff unlock the tablet's locked screen with their
    password and are logged in again; the answer (a redirect to ``next``)."""

    def unlock(username: str, next: str = ""):
        answer = client.post("/kiosk/locked", data={"username": username, "password": PASSWORD,
                                                    "next": next})
        assert answer.status_code == 302, answer.get_data(as_text=True)[:300]
        return answer

    return unlock


@pytest.fixture
def hand_over_session(client, db):
    """``hand_over_session(client_id, rater="client", **options)``: the logged-in therapist starts
    a session for a client and hands the tablet over (``options``: the tablet options; the
    therapist is logged out of it, see ``hand_back``); the
    session's id and the tablet's ticket."""

    def start(client_id: int, rater: str = "client", **options: str) -> tuple[int, str]:
        started = client.post(f"/clinic/clients/{client_id}/sessions",
                              data={"rater": rater, **options})
        assert started.status_code == 302 and "/kiosk/t/" in started.location
        db.expire_all()
        session_id = db.scalar(sa.select(TreatmentSession.id).join(Episode)
                               .where(Episode.client_id == client_id)
                               .order_by(TreatmentSession.id.desc()).limit(1))
        return session_id, _ticket_in(started.location)

    return start


@pytest.fixture
def answer_on_tablet(client):
    """``answer_on_tablet(ticket, answers, **fields)``: the tablet sends a new response (a fresh
    uid) through the JSON API, and it is stored (201); the answer."""

    def send(ticket: str, answers: dict, **fields):
        sent = client.post("/kiosk/api/responses", json={
            "ticket": ticket, "uid": str(uuid.uuid4()), "answers": answers, **fields})
        assert sent.status_code == 201, sent.get_json()
        return sent

    return send


# --- Survey rounds answered on paper ---------------------------------------------------------

# Paper answers to the housing survey's first question, one form each (unit, gender, answer):
# Sunny home 7 women, 2 men, 5 not stated; Big home 6; Small home 3 (under 5). 23 forms.
PAPER_ROWS = (
    [("Sunny home", "kvinna", a) for a in ("yes", "yes", "yes", "sometimes", "no", "dont-know", "")]
    + [("Sunny home", "man", a) for a in ("Ja", "sometimes")]
    + [("Sunny home", "", a) for a in ("yes", "no", "no", "Vet inte / vill inte svara", "yes")]
    + [("Big home", "woman", a) for a in ("yes", "yes", "yes", "yes", "no", "no")]
    + [("Small home", "woman", "yes")] * 2 + [("Small home", "woman", "Yes")]
)


@pytest.fixture
def paper_round(db, org):
    """An open round of the housing survey for Sunny home (20 asked), Big home (10) and Small
    home (4), all three Cora's units."""
    big = Unit(name="Big home", service_type="housing")
    small = Unit(name="Small home", service_type="housing")
    db.add_all([big, small])
    org["staff"]["cora"].units += [big, small]
    survey_round = SurveyRound(questionnaire_id="ux-housing", questionnaire_version=1, year=2026,
                               status=RoundStatus.OPEN, round_units=[
                                   RoundUnit(unit=org["units"]["home"], eligible=20),
                                   RoundUnit(unit=big, eligible=10), RoundUnit(unit=small, eligible=4)])
    db.add(survey_round)
    db.commit()
    return survey_round


@pytest.fixture
def paper_csv(item_keys):
    """``paper_csv(rows=PAPER_ROWS)``: a CSV of numbered paper forms of the housing survey, the
    first question answered as each row says (age 30-49, mode self), the rest left empty.
    ``paper_csv.rows`` is ``PAPER_ROWS``."""
    keys = item_keys("ux-housing")

    def make(rows=PAPER_ROWS) -> bytes:
        lines = [",".join(["unit", "form", "gender", "age_group", "mode", *keys])]
        for number, (unit, gender, q1) in enumerate(rows, start=1):
            blank = [""] * (len(keys) - 1)
            lines.append(",".join([unit, str(number), gender, "30-49", "self", q1, *blank]))
        return ("\n".join(lines) + "\n").encode()

    make.rows = PAPER_ROWS
    return make


@pytest.fixture
def upload_paper(client):
    """``upload_paper(round_id, content, name="paper.csv")``: the logged-in coordinator imports a
    file of paper answers into a round; the answer."""

    def upload(round_id: int, content: bytes, name: str = "paper.csv"):
        return client.post(f"/reports/rounds/{round_id}/import", content_type="multipart/form-data",
                           data={"file": (io.BytesIO(content), name)})

    return upload


# --- Speech ----------------------------------------------------------------------------------

@pytest.fixture
def espeak():
    """Skips the test when espeak-ng is missing off CI; on CI (where scripts/test installs it)
    the test runs and fails."""
    if shutil.which("espeak-ng") is None and not os.environ.get("CI"):
        pytest.skip("espeak-ng is not installed (apt-get install espeak-ng)")


@pytest.fixture
def is_audio():
    """``is_audio(path)``: the file holds WAV or MP3 audio."""

    def check(path: Path) -> bool:
        data = path.read_bytes()
        wav = data[:4] == b"RIFF" and data[8:12] == b"WAVE" and len(data) > 44
        mp3 = data[:3] == b"ID3" or (len(data) > 1 and data[0] == 0xFF and data[1] & 0xE0 == 0xE0)
        return wav or mp3

    return check


@pytest.fixture
def google(monkeypatch):
    """Fake Google Translate under gTTS: ``google.sent`` lists (url, lang, text) per request,
    ``google.slow`` whether each asked for slow speech, ``google.status`` decides the HTTP
    status per text, ``google.offline`` refuses to connect; the audio of a text is
    ``google.mp3`` followed by the text (by "slow " and the text for slow speech)."""

    class Google:
        mp3 = b"ID3\x04\x00\x00\x00\x00\x00\x00"

        def __init__(self):
            self.sent: list[tuple[str, str, str]] = []
            self.slow: list[bool] = []
            self.offline = False
            self.status = lambda text: 200

    google = Google()

    def send(session, request, **kwargs):
        form = urllib.parse.unquote(request.body.removeprefix("f.req=").removesuffix("&"))
        text, lang, speed, _ = json.loads(json.loads(form)[0][0][1])
        google.sent.append((request.url, lang, text))
        google.slow.append(speed is True)
        if google.offline:
            raise requests.ConnectionError("no route to host")
        response = requests.Response()
        response.status_code = google.status(text)
        response.reason = "Too Many Requests" if response.status_code == 429 else "OK"
        response.url, response.request = request.url, request
        audio = base64.b64encode(google.mp3 + b"slow " * (speed is True) + text.encode()).decode()
        rpc = [["wrb.fr", "jQ1olc", json.dumps([audio]), None, None, None, "generic"]]
        payload = json.dumps(rpc, separators=(",", ":"))  # compact, as Google sends it
        response._content = f")]}}'\n\n{payload}\n".encode()
        response._content_consumed = True
        return response

    monkeypatch.setattr(requests.Session, "send", send)
    return google
