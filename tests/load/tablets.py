"""Simulated tablets against the app under its production server (``survey serve``, waitress).

Shared by the load and fault tests (``tests/load/``) and ``bench/submit_throughput.py``.
A tablet sends its requests one after another over a kept-alive connection and, like the
outbox in ``kiosk.js``, resends the same request (the same ``uid``) after a connection error,
a timeout, 408, 429 or 5xx until the server answers. Everything ends by a hard deadline.
"""
from __future__ import annotations

import http.client
import json
import math
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from survey.domain.instruments import Questionnaire
from survey.domain.vocabulary import GENDERS
from survey.models import RoundStatus, RoundUnit, SurveyRound, Unit
from survey.web import tickets
from survey.web.db import new_session

HOST = "127.0.0.1"
QUESTIONNAIRE = ("ux-housing", 1)
SUBMIT_PATH = "/kiosk/api/responses"
RETRY_PAUSE = 0.1  # seconds a tablet waits before it resends
ACKNOWLEDGED = (200, 201)  # stored now, or stored before (a resend)
JSON = {"Content-Type": "application/json"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


class Server:
    """``survey serve`` in a subprocess on a free loopback port; ``kill`` then ``start`` keeps the port."""

    def __init__(self, database_url: str, secret_key: str, log: Path, threads: int | None = None):
        self.port = free_port()
        self.threads = threads
        self.log = log
        # Every simulated tablet shares one ticket and one address: no limit on new responses.
        self.env = os.environ | {"SURVEY_DATABASE_URL": database_url, "SURVEY_SECRET_KEY": secret_key,
                                 "SURVEY_SUBMIT_TICKET_LIMIT": "1000000 per minute",
                                 "SURVEY_SUBMIT_ADDRESS_LIMIT": "1000000 per minute"}
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 60) -> None:
        """Start the server and return once ``/healthz`` answers."""
        command = [sys.executable, "-c", "from survey.cli import main; main()", "serve",
                   "--host", HOST, "--port", str(self.port)]
        if self.threads is not None:  # else survey serve's own default
            command += ["--threads", str(self.threads)]
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(command, env=self.env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while not self._answers():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"the server did not start; its output is in {self.log}")
            time.sleep(0.05)

    def _answers(self) -> bool:
        connection = http.client.HTTPConnection(HOST, self.port, timeout=1)
        try:
            connection.request("GET", "/healthz")
            return connection.getresponse().status == 200
        except (OSError, http.client.HTTPException):
            return False
        finally:
            connection.close()

    def kill(self) -> None:
        """SIGKILL: no shutdown code runs, as in a crash or an out-of-memory kill."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()

    def __enter__(self) -> Server:
        self.start()
        return self

    def __exit__(self, *_exc) -> None:
        self.stop()


def open_round(app) -> str:
    """Seed a housing unit with an open ux-housing round; the signed ticket a tablet gets for it."""
    questionnaire_id, version = QUESTIONNAIRE
    with app.app_context(), new_session() as db:
        unit = Unit(name="Load home", service_type="housing")
        survey_round = SurveyRound(questionnaire_id=questionnaire_id, questionnaire_version=version,
                                   year=2026, status=RoundStatus.OPEN,
                                   round_units=[RoundUnit(unit=unit, eligible=10_000)])
        db.add(survey_round)
        db.commit()
        return tickets.sign(tickets.Ticket(questionnaire_id=questionnaire_id,
                                           questionnaire_version=version, unit_id=unit.id,
                                           language="sv", mode="self", round_id=survey_round.id))


@dataclass(frozen=True)
class Job:
    """One request a tablet sends until the server answers it; ``key``: the response's uid
    (a request number for pings)."""

    key: str
    method: str = "GET"
    path: str = "/healthz"
    body: bytes | None = None


def submissions(ticket: str, questionnaire: Questionnaire, tablets: int, each: int,
                rng: random.Random) -> list[list[Job]]:
    """``each`` complete responses (every item answered) for each of ``tablets`` tablets."""

    def job() -> Job:
        uid = str(uuid.uuid4())
        answers = {item.key: rng.choice(questionnaire.scale_of(item).option_keys)
                   for item in questionnaire.items}
        body = {"uid": uid, "ticket": ticket, "answers": answers, "language": "sv",
                "gender": rng.choice(GENDERS), "age_group": rng.choice(questionnaire.age_groups)}
        return Job(uid, "POST", SUBMIT_PATH, json.dumps(body).encode())

    return [[job() for _ in range(each)] for _ in range(tablets)]


def pings(tablets: int, each: int) -> list[list[Job]]:
    """``GET /healthz`` requests: the same traffic shape with no work behind it."""
    return [[Job(f"{t}-{n}") for n in range(each)] for t in range(tablets)]


class Tablet:
    """Sends its jobs in turn; keeps what was acknowledged, every status, latencies, failures."""

    def __init__(self, jobs: list[Job]):
        self.jobs = jobs
        self.acknowledged: list[str] = []
        self.statuses: Counter[int] = Counter()
        self.latencies: list[float] = []  # seconds, of requests the server answered
        self.failures = 0  # connection errors and timeouts
        self._connection: http.client.HTTPConnection | None = None

    def run(self, port: int, timeout: float, deadline: float, start: threading.Barrier,
            stop: threading.Event) -> None:
        start.wait()
        for job in self.jobs:
            status = self._send(job, port, timeout, deadline, stop)
            if status is None:
                break
            if status in ACKNOWLEDGED:
                self.acknowledged.append(job.key)
        if self._connection is not None:
            self._connection.close()

    def _send(self, job: Job, port: int, timeout: float, deadline: float,
              stop: threading.Event) -> int | None:
        """The final status of ``job``, or None when the deadline passed (or the run stopped) first."""
        while time.monotonic() < deadline and not stop.is_set():
            if self._connection is None:
                self._connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
            sent = time.perf_counter()
            try:
                self._connection.request(job.method, job.path, body=job.body,
                                         headers=JSON if job.body else {})
                answer = self._connection.getresponse()
                answer.read()
            except (OSError, http.client.HTTPException):
                self._connection.close()
                self._connection = None
                self.failures += 1
            else:
                self.latencies.append(time.perf_counter() - sent)
                self.statuses[answer.status] += 1
                if answer.status not in (408, 429) and answer.status < 500:
                    return answer.status
            time.sleep(RETRY_PAUSE)
        return None


@dataclass
class Load:
    """What a run of tablets got back."""

    tablets: list[Tablet]
    seconds: float

    @property
    def acknowledged(self) -> list[str]:
        return [key for tablet in self.tablets for key in tablet.acknowledged]

    @property
    def statuses(self) -> Counter[int]:
        return sum((tablet.statuses for tablet in self.tablets), Counter())

    @property
    def failures(self) -> int:
        return sum(tablet.failures for tablet in self.tablets)

    @property
    def server_errors(self) -> int:
        return sum(count for status, count in self.statuses.items() if status >= 500)

    @property
    def rate(self) -> float:
        """Acknowledged requests per second."""
        return len(self.acknowledged) / self.seconds

    def latency_ms(self) -> tuple[float, float]:
        """p50 and p99 of the answered requests, in milliseconds (NaN with fewer than two)."""
        latencies = [t for tablet in self.tablets for t in tablet.latencies]
        if len(latencies) < 2:
            return math.nan, math.nan
        return statistics.median(latencies) * 1000, statistics.quantiles(latencies, n=100)[98] * 1000

    def summary(self) -> str:
        p50, p99 = self.latency_ms()
        statuses = ", ".join(f"{s}: {n}" for s, n in sorted(self.statuses.items()))
        return (f"{len(self.acknowledged)} acknowledged from {len(self.tablets)} tablets in "
                f"{self.seconds:.1f} s ({self.rate:.0f}/s), p50 {p50:.0f} ms, p99 {p99:.0f} ms; "
                f"statuses {statuses}; {self.failures} connection failures")


def run_tablets(port: int | list[int], jobs: list[list[Job]], *, timeout: float = 5, limit: float = 120,
                during: Callable[[Callable[[], int]], None] | None = None) -> Load:
    """All tablets start at once, spread in turn over the server ``port`` (or ports);
    ``during(acknowledged)`` runs meanwhile (``acknowledged()`` counts the answers so far).
    Ends within ``limit`` seconds (plus one request timeout)."""
    ports = [port] if isinstance(port, int) else port
    tablets = [Tablet(tablet_jobs) for tablet_jobs in jobs]
    start, stop = threading.Barrier(len(tablets) + 1), threading.Event()
    deadline = time.monotonic() + limit
    threads = [threading.Thread(target=tablet.run,
                                args=(ports[i % len(ports)], timeout, deadline, start, stop),
                                daemon=True) for i, tablet in enumerate(tablets)]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    try:
        if during is not None:
            during(lambda: sum(len(tablet.acknowledged) for tablet in tablets))
    except BaseException:
        stop.set()
        raise
    finally:
        for thread in threads:
            thread.join(max(0.0, deadline - time.monotonic()) + timeout + 1)
    return Load(tablets, time.perf_counter() - began)


def wait_for(condition: Callable[[], bool], timeout: float) -> None:
    """Return once ``condition()`` holds; ``TimeoutError`` after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the condition did not hold in time")
        time.sleep(0.01)
