"""Responses per second through the real submission endpoint, against the server's ceiling.

Starts ``survey serve`` (waitress) on a fresh database with an open round, then alternates two
loads from the same simulated tablets (``tests/load/tablets.py``): ``GET /healthz``, a route
with no work behind it (the ceiling of this server, its threads and this machine), and complete
responses POSTed to ``/kiosk/api/responses``. After a warm-up of each, prints the median of
several runs of each, their p50/p99 latency and the ratio (the aim: half the ceiling or better),
then the time each takes in-process, one request at a time.

    .venv/bin/python bench/submit_throughput.py --db sqlite
    .venv/bin/python bench/submit_throughput.py --db postgres
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests"))

from common import fresh_database  # noqa: E402
from load.tablets import (  # noqa: E402
    QUESTIONNAIRE,
    Server,
    open_round,
    pings,
    run_tablets,
    submissions,
)

from survey.app import create_app  # noqa: E402

SECRET_KEY = "bench-submit-throughput-key-of-32-bytes"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--tablets", type=int, default=50)
    parser.add_argument("--each", type=int, default=40, help="requests per tablet and run")
    parser.add_argument("--threads", type=int, help="waitress threads (default: survey serve's)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-submit-"))
    url = fresh_database(args.db, "bench_submit", folder)
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": SECRET_KEY})
    ticket = open_round(app)
    questionnaire = app.extensions["survey_catalogue"].get(*QUESTIONNAIRE)
    rng = random.Random(3)
    loads = {"healthz": [], "submit": []}
    with Server(url, SECRET_KEY, folder / "server.log", args.threads) as server:
        for run in range(args.runs + 1):  # run 0 warms up
            for name, jobs in (("healthz", pings(args.tablets, args.each)),
                               ("submit", submissions(ticket, questionnaire, args.tablets, args.each, rng))):
                load = run_tablets(server.port, jobs)
                expected = 200 if name == "healthz" else 201
                if set(load.statuses) != {expected} or load.failures:
                    raise SystemExit(f"{name}: unexpected answers: {load.summary()}")
                if run:
                    loads[name].append(load)
    print(f"{args.db}: {args.tablets} tablets x {args.each} requests, waitress threads "
          f"{args.threads or 'as survey serve'}, median of {args.runs} runs")
    rates = {}
    for name, runs in loads.items():
        rates[name] = statistics.median(load.rate for load in runs)
        p50 = statistics.median(load.latency_ms()[0] for load in runs)
        p99 = statistics.median(load.latency_ms()[1] for load in runs)
        print(f"{args.db}: {name:8} {rates[name]:6.0f} requests/s  p50 {p50:5.0f} ms  p99 {p99:5.0f} ms"
              f"  (runs: {', '.join(f'{load.rate:.0f}' for load in runs)})")
    print(f"{args.db}: submissions reach {rates['submit'] / rates['healthz']:.0%} of the ceiling (aim: 50%)")
    in_process(app, ticket, questionnaire, rng, args.db)


def in_process(app, ticket, questionnaire, rng, db: str, requests: int = 1000) -> None:
    """The same two requests in-process, one at a time: server time without the network, the
    load generator or the GIL handed between threads (steadier than the rates above)."""
    client = app.test_client()
    bodies = [job.body for tablet in submissions(ticket, questionnaire, 1, requests, rng) for job in tablet]
    times = {}
    for name, send in (("healthz", lambda _body: client.get("/healthz")),
                       ("submit", lambda body: client.post("/kiosk/api/responses", data=body,
                                                           content_type="application/json"))):
        started = time.perf_counter()
        for body in bodies:
            send(body)
        times[name] = (time.perf_counter() - started) / requests * 1000
    print(f"{db}: in-process per request: healthz {times['healthz']:.2f} ms, submit "
          f"{times['submit']:.2f} ms ({times['healthz'] / times['submit']:.0%})")


if __name__ == "__main__":
    main()
