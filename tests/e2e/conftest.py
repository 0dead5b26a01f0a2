"""Browser tests: the app under a real HTTP server, Debian's chromium driven by Playwright,
an iPad viewport with touch; the tablet's whole cycle also in WebKit (Safari's engine:
Debian's webkit2gtk-driver under Xvfb, driven by Selenium). Without a browser they skip off CI
and fail on CI."""
from __future__ import annotations

import os
import shutil
import threading
import time
import warnings
from datetime import date

import pytest
from sqlalchemy import select
from werkzeug.security import generate_password_hash
from werkzeug.serving import make_server

from survey.app import create_app
from survey.migrations import upgrade
from survey.models import (
    Client,
    Episode,
    Response,
    Role,
    RoundStatus,
    RoundUnit,
    StaffUser,
    SurveyRound,
    Unit,
)
from survey.operations import start_session
from survey.web import tickets
from survey.web.db import new_session

STAFF_PASSWORD = "a long staff pass phrase"
IPAD = {"viewport": {"width": 820, "height": 1180}, "device_scale_factor": 2, "has_touch": True,
        "is_mobile": True}
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--autoplay-policy=no-user-gesture-required"]


class LiveServer:
    """The app served over HTTP on a free loopback port, in a thread."""

    def __init__(self, app):
        self.app = app
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *_exc):
        self.stop()

    def stop(self) -> None:
        """The server goes away: its port refuses connections, as when the network drops."""
        if self.thread is not None:
            self.server.shutdown()
            self.server.server_close()
            self.thread = None

    def restart(self) -> None:
        """The same app on the same port again."""
        self.server = make_server("127.0.0.1", self.server.server_port, self.app, threaded=True)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def db(self):
        with self.app.app_context():
            return new_session()

    def ticket(self, **fields) -> str:
        with self.app.app_context():
            return tickets.sign(tickets.Ticket(**fields))

    def responses(self, **where) -> list[Response]:
        with self.db() as db:
            query = select(Response)
            for name, value in where.items():
                query = query.where(getattr(Response, name) == value)
            found = list(db.scalars(query))
            for response in found:
                response.answers  # load before the session closes
            return found

    def wait_for_responses(self, count: int, timeout: float = 15, **where) -> list[Response]:
        deadline = time.monotonic() + timeout
        while True:
            found = self.responses(**where)
            if len(found) >= count or time.monotonic() > deadline:
                return found
            time.sleep(0.2)


@pytest.fixture(scope="session")
def live(tmp_path_factory):
    folder = tmp_path_factory.mktemp("live")
    url = f"sqlite:///{folder / 'survey.sqlite3'}"
    upgrade(url)
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "browser-tests-key-of-at-least-32-bytes",
                      "AUDIO_DIR": str(folder / "audio"), "THANKS_SECONDS": 3})
    with app.app_context():
        _seed(new_session())
    with LiveServer(app) as server:
        yield server


def _seed(db) -> None:
    home = Unit(name="Sunny home", service_type="housing")
    works = Unit(name="Workshop", service_type="daily-activity")
    team = Unit(name="Family team", service_type="outpatient")
    staff = StaffUser(username="stina", display_name="Stina", role=Role.COORDINATOR,
                      units=[home, works], password_hash=generate_password_hash(STAFF_PASSWORD))
    therapist = StaffUser(username="tore", display_name="Tore", role=Role.THERAPIST, units=[team],
                          password_hash=staff.password_hash)
    db.add_all([home, works, team, staff, therapist])
    for questionnaire_id, unit in (("ux-housing", home), ("ux-daily-activity", works)):
        db.add(SurveyRound(questionnaire_id=questionnaire_id, questionnaire_version=1, year=2026,
                           status=RoundStatus.OPEN, round_units=[RoundUnit(unit=unit, eligible=20)]))
    for code, age_group in (("E2E-ADULT", "30-49"), ("E2E-CHILD", "6-12"), ("E2E-FLOW", "18-29")):
        client = Client(code=code, unit=team, therapist=therapist, gender="man", age_group=age_group)
        db.add(Episode(client=client, therapist=therapist, opened_on=date(2026, 1, 5)))
    db.commit()
    db.close()


@pytest.fixture(scope="session")
def browser():
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        if os.environ.get("CI"):
            pytest.fail("Debian's chromium is not installed (scripts/test installs it)")
        pytest.skip("Debian's chromium is not installed: run scripts/test to install it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def context(browser):
    context = browser.new_context(**IPAD)
    yield context
    context.close()


@pytest.fixture
def page(context):
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


@pytest.fixture
def staff_login(page, live):
    """Log a staff member in on the tablet; returns once their start page is shown."""

    def log_in(username: str, landing: str) -> None:
        page.goto(f"{live.url}/login")
        page.fill("#username", username)
        page.fill("#password", STAFF_PASSWORD)
        page.locator("main button[type=submit]").tap()
        page.wait_for_url(f"**{landing}")

    return log_in


@pytest.fixture
def new_session_ticket(live):
    """A ticket for a new session of a client: ``new_session_ticket("E2E-ADULT", "outcome-adult")``."""

    def make(code: str, questionnaire_id: str, language: str = "sv") -> tuple[str, int]:
        with live.db() as db:
            client = db.scalar(select(Client).where(Client.code == code))
            session = start_session(db, client.episodes[0], date.today())
            db.commit()
            token = live.ticket(questionnaire_id=questionnaire_id, questionnaire_version=1,
                                unit_id=client.unit_id, language=language, mode="self",
                                session_id=session.id)
            return token, session.id

    return make


@pytest.fixture
def round_ticket(live):
    """A ticket for the open round of a survey: ``round_ticket("ux-housing", "ar")``."""

    def make(questionnaire_id: str, language: str = "sv", level: str = "pictures") -> tuple[str, int]:
        with live.db() as db:
            ru = db.scalar(select(RoundUnit).join(SurveyRound)
                           .where(SurveyRound.questionnaire_id == questionnaire_id))
            token = live.ticket(questionnaire_id=questionnaire_id, questionnaire_version=1,
                                unit_id=ru.unit_id, round_id=ru.round_id, language=language,
                                mode="self", level=level)
            return token, ru.round_id

    return make


@pytest.fixture
def own_server(live):
    """The live app on a port (an origin, so a service worker) of this test's own, which the
    test may stop and start again."""
    server = LiveServer(live.app)
    with server:
        yield server


@pytest.fixture(scope="session")
def webkit_browser():
    """One WebKitGTK browser (MiniBrowser under one Xvfb) for the whole run."""
    from .webkit_session import available, webkit_browser

    if not available():
        if os.environ.get("CI"):
            pytest.fail("webkit2gtk-driver or xvfb is not installed (scripts/test installs them)")
        pytest.skip("webkit2gtk-driver or xvfb is not installed: run scripts/test")
    with webkit_browser(viewport=(IPAD["viewport"]["width"], IPAD["viewport"]["height"])) as browser:
        yield browser


@pytest.fixture(params=["chromium", "webkit"])
def tablet(request, live):
    """The tablet in each engine, with nothing of an earlier test on it."""
    from .tablet import ChromiumTablet, WebKitTablet

    if request.param == "chromium":
        yield ChromiumTablet(request.getfixturevalue("page"))
        return
    browser = request.getfixturevalue("webkit_browser")
    yield WebKitTablet(browser.driver)
    # The live app's origin (an own_server test's is never used again), left on a page with no
    # script: the tablet's last page may still be navigating by its own timer.
    why = browser.reset(f"{live.url}/healthz")
    if why:
        warnings.warn(f"WebKit started again after {request.node.name}: {why}", stacklevel=1)
