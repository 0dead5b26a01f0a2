"""A unit's follow-up report at scale: the pivot benchmark's clients and values
(``pivot_scale.seed``; ``--clients`` of them in 10 units, 30 variables each), every seventh
episode's values recorded again in a record review. Times in-process requests (server time) of
one unit's report page and its workbook with the raw rows: the first request and the median
of the rest.

    .venv/bin/python bench/followup_scale.py --db sqlite --clients 20000
    .venv/bin/python bench/followup_scale.py --url sqlite:////tmp/bench-followup.sqlite3  # seeded before
"""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pivot_scale  # noqa: E402
from common import fresh_database, timed  # noqa: E402
from sqlalchemy import text  # noqa: E402

from survey.app import create_app  # noqa: E402
from survey.operations import install_starter_set  # noqa: E402
from survey.web.db import new_session  # noqa: E402


def _reviewed(engine) -> None:
    """One review per unit that recorded every seventh episode's values again, later (new ids)."""
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO record_reviews (id, unit_id, name, intervention_types, "
                                "created_at) SELECT id, id, 'Bench', '', CURRENT_TIMESTAMP FROM units"))
        connection.execute(text(
            "INSERT INTO recorded_values (episode_id, variable_id, key, option_code, number, review_id, "
            "recorded_at) SELECT v.episode_id, v.variable_id, v.key, v.option_code, v.number, c.unit_id, "
            "v.recorded_at "
            "FROM recorded_values v JOIN episodes e ON e.id = v.episode_id "
            "JOIN clients c ON c.id = e.client_id WHERE v.episode_id % 7 = 0 ORDER BY v.id"))
        connection.exec_driver_sql("ANALYZE")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--clients", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--url", help="A database this script seeded before (no seeding).")
    args = parser.parse_args()
    url = args.url or fresh_database(args.db, "bench_followup", Path(tempfile.mkdtemp(prefix="bench-fu-")))
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench-key-of-at-least-32-random-bytes",
                      "WTF_CSRF_ENABLED": False})
    if not args.url:
        with app.app_context():
            db = new_session()
            install_starter_set(db)
            db.commit()
            db.close()
        pivot_scale.CLIENTS = args.clients
        pivot_scale.seed(app.extensions["survey_engine"], random.Random(17))
        _reviewed(app.extensions["survey_engine"])
        print(f"seeded {args.clients:,} clients; {url}", flush=True)
    client = app.test_client()
    client.post("/login", data={"username": "every", "password": pivot_scale.PASSWORD})
    with app.extensions["survey_engine"].begin() as connection:  # the rows need raw-data access
        connection.execute(text("UPDATE staff_users SET raw_data_access = true WHERE id = 1"))
    for name, path, method in (("page", "/reports/units/1/follow-up", "get"),
                               ("workbook with raw rows", "/reports/units/1/follow-up.xlsx", "post")):
        first, median = timed(client, path, args.runs, method)
        print(f"follow-up report of one unit ({args.clients // 10:,} episodes): {name}: "
              f"first {first:.0f} ms, then median {median:.0f} ms", flush=True)


if __name__ == "__main__":
    main()
