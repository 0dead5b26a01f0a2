"""Weight of the first question screen and the time until a client can answer it.

Starts the app under its production server (waitress) on a demo SQLite database, then opens the
first question of the housing survey in headless Chromium (iPad viewport, empty cache) several
times. Prints the HTML + CSS + JS bytes (pictograms and audio excluded) and the median time from
navigation to the first question being ready for a tap.

    .venv/bin/python bench/kiosk_first_screen.py [--runs 15] [--language sv]
"""
from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
SURVEY = str(Path(sys.executable).with_name("survey"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
WEIGHED = {"document", "stylesheet", "script"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def ticket_for_first_round(env: dict, language: str) -> str:
    code = f"""
from sqlalchemy import select
from survey.app import create_app
from survey.web.db import new_session
from survey.web import tickets
from survey.models import RoundStatus, RoundUnit, SurveyRound
app = create_app()
with app.app_context():
    ru = new_session().scalar(select(RoundUnit).join(SurveyRound).where(
        SurveyRound.status == RoundStatus.OPEN, SurveyRound.questionnaire_id == "ux-housing"))
    print(tickets.sign(tickets.Ticket(questionnaire_id="ux-housing", questionnaire_version=1,
        unit_id=ru.unit_id, round_id=ru.round_id, language="{language}", mode="self")))
"""
    return subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True,
                          text=True).stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--language", default="sv")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="bench-kiosk-"))
    env = dict(os.environ, SURVEY_DATABASE_URL=f"sqlite:///{workdir / 'bench.sqlite3'}",
               SURVEY_SECRET_KEY="bench-key-of-at-least-32-random-bytes")
    subprocess.run([SURVEY, "demo"], env=env, check=True, capture_output=True)
    token = ticket_for_first_round(env, args.language)
    port = free_port()
    server = subprocess.Popen([SURVEY, "serve", "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/kiosk/t/{token}/answer?lang={args.language}"
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
                break
            except OSError:
                time.sleep(0.1)
        weights, times = [], []
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=shutil.which("chromium"),
                                                 args=CHROMIUM_ARGS)
            for _ in range(args.runs):
                context = browser.new_context(viewport={"width": 820, "height": 1180},
                                              has_touch=True, is_mobile=True)
                page = context.new_page()
                sizes: dict[str, int] = {}
                page.on("requestfinished", lambda request: sizes.__setitem__(
                    request.url, len(request.response().body()))
                    if request.resource_type in WEIGHED else None)
                started = time.perf_counter()
                page.goto(url, wait_until="commit")
                page.locator("#questionnaire[data-ready]").wait_for()
                times.append((time.perf_counter() - started) * 1000)
                page.wait_for_load_state("load")
                weights.append(sum(sizes.values()))
                context.close()
            browser.close()
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(workdir, ignore_errors=True)
    weight = statistics.median(weights)
    print(f"first question screen ({args.language}): {weight:,.0f} bytes ({weight / 1024:.1f} KiB) "
          f"of HTML+CSS+JS (budget 40 KB = 40,000 bytes)")
    print(f"time to first question: median {statistics.median(times):.0f} ms, "
          f"min {min(times):.0f} ms, max {max(times):.0f} ms over {args.runs} cold loads")


if __name__ == "__main__":
    main()
