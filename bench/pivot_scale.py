"""Pivot tables at scale: 100,000 clients (one episode each, intake during 2025) in 10 units,
30 defined variables each (20 choices, 6 yes/no, 4 counts): 3,000,000 recorded values.

Seeds the database (SQLite file or PostgreSQL) with bulk inserts, then times in-process
requests (server time, no network) of pivots over all 100,000 clients: for a coordinator of
every unit (exact) and for an organisation-level coordinator of none of them (the disclosure
rule over every unit, month, quarter and the year). Prints the first request and the median
of the rest.

    .venv/bin/python bench/pivot_scale.py --db sqlite
    .venv/bin/python bench/pivot_scale.py --db postgres
    .venv/bin/python bench/pivot_scale.py --url sqlite:////tmp/bench.sqlite3  # seeded before
"""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import fresh_database, insert_all, reset_sequences, timed  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402
from werkzeug.security import generate_password_hash  # noqa: E402

from survey.app import create_app  # noqa: E402
from survey.migrations import upgrade  # noqa: E402
from survey.models import (  # noqa: E402
    Client,
    Episode,
    RecordedValue,
    StaffUser,
    Unit,
    Variable,
    VariableOption,
    staff_units,
)
from survey.operations import install_starter_set  # noqa: E402
from survey.web.db import new_session  # noqa: E402

UNITS, CLIENTS, YEAR = 10, 100_000, 2025
CHOICES, YES_NO, COUNTS = 20, 6, 4
PASSWORD = "bench-password"
GENDERS = ("woman", "man", "woman", "man", "other", "not-stated")
AGE_GROUPS = ("13-17", "18-29", "30-49", "50-64", "65+")


def _variables() -> tuple[list[dict], list[dict], list[tuple[str, str, list[str]]]]:
    variables, options, made = [], [], []
    kinds = ["choice"] * CHOICES + ["yes-no"] * YES_NO + ["count"] * COUNTS
    for number, kind in enumerate(kinds, start=1):
        key = f"b{number:02d}"  # short: a unit lists its variables in 200 characters
        variables.append({"id": 1000 + number, "key": key, "version": 1, "unit_id": None, "kind": kind,
                          "phase": "review", "names": {"sv": f"Variabel {number}", "en": f"Variable {number}"},
                          "help": {}, "position": 100 + number, "retired": False})
        codes = [f"v{n}" for n in range(1, 5)] if kind == "choice" else (
            ["yes", "no"] if kind == "yes-no" else [])
        options += [{"variable_id": 1000 + number, "code": code, "position": i,
                     "labels": {"sv": f"Värde {code}", "en": f"Value {code}"}}
                    for i, code in enumerate(codes)]
        made.append((key, kind, codes))
    return variables, options, made


def seed(engine, rng: random.Random) -> None:
    password = generate_password_hash(PASSWORD)
    variables, options, made = _variables()
    keys = ",".join(key for key, _, _ in made)
    units = [{"id": u, "name": f"Enhet {u:02d}", "service_type": "outpatient", "variables": keys}
             for u in range(1, UNITS + 1)]
    staff = [{"id": 1, "username": "every", "display_name": "Every unit", "role": "coordinator",
              "password_hash": password, "active": True, "organisation_wide": True},
             {"id": 2, "username": "wide", "display_name": "Organisation", "role": "coordinator",
              "password_hash": password, "active": True, "organisation_wide": True},
             {"id": 3, "username": "therapist", "display_name": "Therapist", "role": "therapist",
              "password_hash": password, "active": True, "organisation_wide": False}]
    with engine.begin() as connection:
        insert_all(connection, Unit.__table__, units)
        insert_all(connection, StaffUser.__table__, staff)
        insert_all(connection, staff_units, [{"staff_id": 1, "unit_id": u["id"]} for u in units])
        insert_all(connection, Variable.__table__, variables)
        insert_all(connection, VariableOption.__table__, options)
        clients, episodes, values, value_id = [], [], [], 0
        start = date(YEAR, 1, 1)
        for n in range(1, CLIENTS + 1):
            opened = start + timedelta(days=rng.randrange(365))
            closed = opened + timedelta(days=rng.randrange(30, 500))
            clients.append({"id": n, "code": f"K-{n:06d}", "unit_id": 1 + n % UNITS, "therapist_id": 3,
                            "gender": rng.choice(GENDERS), "age_group": rng.choice(AGE_GROUPS)})
            episodes.append({"id": n, "client_id": n, "therapist_id": 3, "opened_on": opened,
                             "closed_on": closed if closed.year == YEAR else None,
                             "intervention_type": rng.choice(["counselling", "family-treatment", None]),
                             "age_at_intake": rng.choice([None, rng.randrange(13, 90)])})
            for key, kind, codes in made:
                if rng.random() < 0.1:
                    continue  # not stated
                value_id += 1
                row = {"id": value_id, "episode_id": n, "variable_id": 1000 + int(key[1:]), "key": key,
                       "option_code": None, "number": None}
                if codes:
                    row["option_code"] = rng.choice(codes)
                else:
                    row["number"] = rng.randrange(0, 15)
                values.append(row)
            if len(values) >= 200_000:
                _flush(connection, clients, episodes, values)
        _flush(connection, clients, episodes, values)
        reset_sequences(connection, [Unit.__table__, StaffUser.__table__, Variable.__table__,
                                     Client.__table__, Episode.__table__, RecordedValue.__table__])
        connection.exec_driver_sql("ANALYZE")


def _flush(connection, clients: list, episodes: list, values: list) -> None:
    insert_all(connection, Client.__table__, clients)
    insert_all(connection, Episode.__table__, episodes)
    insert_all(connection, RecordedValue.__table__, values)
    clients.clear(), episodes.clear(), values.clear()


PIVOTS = {
    "a choice variable × gender": "rows=variable:b01&columns=gender",
    "a choice × another choice, row percentages": "rows=variable:b02&columns=variable:b03&pct=row",
    "a yes/no variable × length of intervention": "rows=variable:b21&columns=length",
    "a count in groups × age group": "rows=variable:b27&columns=age&scheme=ten-years",
    "gender × age group": "rows=gender&columns=age",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--url", help="A database this script seeded before (no seeding).")
    args = parser.parse_args()
    url = args.url or fresh_database(args.db, "bench_pivot", Path(tempfile.mkdtemp(prefix="bench-pivot-")))
    kind = make_url(url).get_backend_name()  # as --url names it
    if args.url:
        upgrade(url)  # seeded before a newer migration
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench-key-of-at-least-32-random-bytes",
                      "WTF_CSRF_ENABLED": False})
    if not args.url:
        started = time.perf_counter()
        with app.app_context():
            db = new_session()
            install_starter_set(db)  # the age schemes
            db.commit()
            db.close()
        seed(app.extensions["survey_engine"], random.Random(17))
        print(f"{kind}: seeded {CLIENTS:,} clients × {CHOICES + YES_NO + COUNTS} variables in "
              f"{UNITS} units in {time.perf_counter() - started:.0f} s; {url}", flush=True)
    client = app.test_client()
    for username, who in (("every", "exact (coordinator of every unit)"),
                          ("wide", "disclosure rule (organisation-level, no unit of her own)")):
        client.post("/logout")
        client.post("/login", data={"username": username, "password": PASSWORD})
        for name, query in PIVOTS.items():
            first, median = timed(client, f"/reports/organisation/pivot?period={YEAR}&{query}", args.runs)
            print(f"{kind}: {who}: {name}: first {first:.0f} ms, then median {median:.0f} ms "
                  "(aim < 1000 ms warm)", flush=True)


if __name__ == "__main__":
    main()
