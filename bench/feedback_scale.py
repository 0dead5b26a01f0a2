"""Session feedback at scale: 200 therapists, 10,000 episodes, 100,000 sessions.

Seeds the database (SQLite file or PostgreSQL), then times in-process requests (server time,
no network) to the client view of a 50-session client, one therapist's results and start page
(signals and the due list of 50 clients) and the whole organisation's results. Prints the median of several runs per page.

    .venv/bin/python bench/feedback_scale.py --db sqlite
    .venv/bin/python bench/feedback_scale.py --db postgres
"""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import fresh_database, insert_all, reset_sequences, timed  # noqa: E402
from werkzeug.security import generate_password_hash  # noqa: E402

from survey.app import create_app  # noqa: E402
from survey.models import (
    Answer,
    Client,
    Episode,
    MeasurementRule,
    Response,
    StaffUser,
    TreatmentSession,
    Unit,
    staff_units,
)

UNITS, THERAPISTS, EPISODES, SESSIONS, LONG_CLIENT_SESSIONS = 20, 200, 10_000, 100_000, 50
PASSWORD = "bench-password"


def seed(engine, catalogue, rng: random.Random) -> None:
    outcome = [i.key for i in catalogue.get("outcome-adult").items]
    alliance = [i.key for i in catalogue.get("alliance-adult").items]
    start = date.today() - timedelta(days=3 * 365)
    password = generate_password_hash(PASSWORD)
    units = [{"id": u, "name": f"Enhet {u}", "service_type": "outpatient"} for u in range(1, UNITS + 1)]
    staff = [{"id": 1, "username": "coordinator", "display_name": "Coordinator", "role": "coordinator",
              "password_hash": password, "active": True, "organisation_wide": True}]
    links = [{"staff_id": 1, "unit_id": u["id"]} for u in units]
    for t in range(2, THERAPISTS + 2):
        staff.append({"id": t, "username": f"t{t}", "display_name": f"Therapist {t}", "role": "therapist",
                      "password_hash": password, "active": True, "organisation_wide": False})
        links.append({"staff_id": t, "unit_id": (t % UNITS) + 1})
    lengths = [LONG_CLIENT_SESSIONS] + [rng.randint(1, 19) for _ in range(EPISODES - 1)]
    while sum(lengths) != SESSIONS:  # nudge to exactly 100,000 sessions
        i = rng.randrange(1, EPISODES)
        step = 1 if sum(lengths) < SESSIONS else -1
        if 1 <= lengths[i] + step <= 19:
            lengths[i] += step
    clients, episodes, sessions, responses, answers = [], [], [], [], []
    session_id = response_id = answer_id = 0
    for e, length in enumerate(lengths, start=1):
        therapist = 2 + (e % THERAPISTS)
        opened = start + timedelta(days=rng.randint(0, 3 * 365 - 14 * length))
        closed = e != 1 and rng.random() < 0.8
        clients.append({"id": e, "code": f"B-{e}", "unit_id": (therapist % UNITS) + 1,
                        "therapist_id": therapist, "gender": rng.choice(["woman", "man"]),
                        "age_group": rng.choice(["18-29", "30-49", "50-64"])})
        episodes.append({"id": e, "client_id": e, "therapist_id": therapist, "opened_on": opened,
                         "closed_on": opened + timedelta(days=14 * length) if closed else None,
                         "close_reason": rng.choice(["planned", "stopped-coming", "moved"]) if closed else None})
        level, gain = rng.uniform(2, 6.5), rng.uniform(-0.3, 0.8)
        for number in range(1, length + 1):
            session_id += 1
            sessions.append({"id": session_id, "episode_id": e, "number": number,
                             "held_on": opened + timedelta(days=14 * (number - 1))})
            for questionnaire, keys, mean in (("outcome-adult", outcome, level + gain * min(number, 6)),
                                              ("alliance-adult", alliance, rng.uniform(8, 9.9))):
                response_id += 1
                values = [round(min(10, max(0, rng.gauss(mean, 1))), 1) for _ in keys]
                responses.append({"id": response_id, "uid": str(uuid.UUID(int=rng.getrandbits(128))),
                                  "questionnaire_id": questionnaire, "questionnaire_version": 1,
                                  "unit_id": clients[-1]["unit_id"], "session_id": session_id,
                                  "mode": "self", "rater": "client", "source": "tablet", "language": "sv",
                                  "score_total": round(sum(values), 1)})
                for key, value in zip(keys, values):
                    answer_id += 1
                    answers.append({"id": answer_id, "response_id": response_id, "item_key": key,
                                    "option_key": None, "value": value})
    # Every unit measures the outcome at intake and 3 months after the end (the due list).
    rules = [{"unit_id": u["id"], "instrument": "outcome", "point": point, "every": every}
             for u in units for point, every in (("intake", None), ("after-end", 3))]
    tables = [(Unit.__table__, units), (MeasurementRule.__table__, rules), (StaffUser.__table__, staff), (staff_units, links),
              (Client.__table__, clients), (Episode.__table__, episodes),
              (TreatmentSession.__table__, sessions), (Response.__table__, responses),
              (Answer.__table__, answers)]
    with engine.begin() as connection:
        for table, rows in tables:
            insert_all(connection, table, rows)
        reset_sequences(connection, [t for t, _ in tables])
        if connection.dialect.name == "postgresql":
            connection.exec_driver_sql("ANALYZE")



def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-feedback-"))
    url = fresh_database(args.db, "bench_feedback", folder)
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench-key-of-at-least-32-random-bytes", "WTF_CSRF_ENABLED": False})
    started = time.perf_counter()
    seed(app.extensions["survey_engine"], app.extensions["survey_catalogue"], random.Random(7))
    print(f"{args.db}: seeded {EPISODES:,} episodes and {SESSIONS:,} sessions in {time.perf_counter() - started:.0f} s")
    client = app.test_client()
    therapist = 2 + 1  # the long client's therapist (episode 1)
    client.post("/login", data={"username": f"t{therapist}", "password": PASSWORD})
    figures = {
        "client view, 50 sessions (aim < 50 ms)": timed(client, "/clinic/clients/1", args.runs),
        "one therapist's results": timed(client, "/clinic/results?from=2000-01-01", args.runs),
        "therapist's start page, 50 clients (signals, due list)": timed(client, "/clinic/", args.runs),
    }
    client.post("/logout")
    client.post("/login", data={"username": "coordinator", "password": PASSWORD})
    figures["organisation results, last whole quarter (aim < 1000 ms)"] = timed(
        client, "/clinic/results?scope=organisation", max(5, args.runs // 3))
    figures["organisation results, this year"] = timed(
        client, f"/clinic/results?scope=organisation&period={date.today().year}", 3)
    for name, (first, median) in figures.items():
        print(f"{args.db}: {name}: first {first:.1f} ms, then median {median:.1f} ms")


if __name__ == "__main__":
    main()
