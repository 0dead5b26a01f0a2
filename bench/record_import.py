"""Import of 10,000 records (issue 17's figure: under 30 s on SQLite and PostgreSQL).

Builds a unit recording 30 variables (the starter set's six and 24 of its own: choices, several
choices, yes/no and counts), a file of 10,000 episodes of 8,000 clients with every column
filled, then posts it to the import page as its coordinator (in-process: server time, no
network), undoes it and imports it again. Prints the median seconds of the imports (wall and
this process's CPU time) and undos, and the machine's load.

    .venv/bin/python bench/record_import.py --db sqlite
    .venv/bin/python bench/record_import.py --db postgres --format xlsx
"""
from __future__ import annotations

import argparse
import io
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import fresh_database  # noqa: E402
from sqlalchemy import select  # noqa: E402

from survey.app import create_app  # noqa: E402
from survey.models import RecordImport, Role, StaffUser, Unit, Variable, VariableOption  # noqa: E402
from survey.operations import install_starter_set  # noqa: E402
from survey.queries.variables import current_variables  # noqa: E402
from survey.reporting.workbook import csv_bytes, workbook_bytes  # noqa: E402
from survey.web.db import new_session  # noqa: E402

ROWS, CLIENTS, OWN_VARIABLES, THERAPISTS = 10_000, 8_000, 24, 10
PASSWORD = "bench-password-long-enough"
KINDS = ("choice", "multi", "yes-no", "count")


def seed(app) -> int:
    """The unit, its coordinator and therapists, and its 30 variables; the unit's id."""
    with app.app_context():
        db = new_session()
        unit = Unit(name="Familjebehandling", service_type="outpatient")
        staff = [StaffUser(username="coordinator", display_name="Coordinator", role=Role.COORDINATOR,
                           units=[unit])]
        staff += [StaffUser(username=f"t{n}", display_name=f"T {n}", role=Role.THERAPIST, units=[unit])
                  for n in range(THERAPISTS)]
        for person in staff:
            person.set_password(PASSWORD)
        db.add_all([unit, *staff])
        install_starter_set(db)
        for n in range(OWN_VARIABLES):
            kind = KINDS[n % len(KINDS)]
            options = ([VariableOption(code=f"v{o}", position=o, labels={"sv": f"Värde {o}"})
                        for o in range(5)] if kind in ("choice", "multi") else [])
            db.add(Variable(key=f"own_{n}", kind=kind, phase="intake", names={"sv": f"Egen {n}"},
                            position=100 + n, options=options, unit_id=unit.id))  # its own
        db.flush()
        unit.variables = ",".join(v.key for v in db.query(Variable).filter(Variable.unit_id.is_(None))
                                  if v.phase != "review")
        db.commit()
        unit_id = unit.id
        assert len(current_variables(db, unit, ("intake", "during", "end"))) == 6 + OWN_VARIABLES
        db.close()
        return unit_id


def records(app, unit_id: int, rng: random.Random) -> list[dict]:
    """One row per episode, every column filled (codes for some values, labels for others)."""
    with app.app_context():
        db = new_session()
        variables = current_variables(db, db.get(Unit, unit_id), ("intake", "during", "end"))
        rows = []
        start = date.today() - timedelta(days=4 * 365)
        for n in range(ROWS):
            # A client's second episode starts after its first has ended.
            opened = start + timedelta(days=(n // CLIENTS) * 500 + rng.randrange(300))
            row = {"client_code": f"K-{n % CLIENTS}", "gender": ("woman", "man", "Kvinna")[n % CLIENTS % 3],
                   "age": str(rng.randint(0, 90)), "opened_on": opened.isoformat(),
                   "closed_on": (opened + timedelta(days=rng.randrange(1, 200))).isoformat(),
                   "close_reason": rng.choice(("planned", "moved", "stopped-coming")),
                   "intervention_type": "family-treatment", "length_group": "",
                   "therapist": f"t{n % THERAPISTS}"}
            for variable in variables:
                codes = [o.code for o in variable.options]
                row[variable.key] = {
                    "choice": lambda: rng.choice(codes),
                    "multi": lambda: ";".join(rng.sample(codes, 2)),
                    "yes-no": lambda: rng.choice(("yes", "no", "Ja")),
                    "count": lambda: str(rng.randint(0, 20)),
                }[variable.kind]()
            rows.append(row)
        db.close()
        return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    import pandas as pd

    folder = Path(tempfile.mkdtemp(prefix="bench-records-"))
    url = fresh_database(args.db, "bench_record_import", folder)
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench-secret-key-of-at-least-32-bytes",
                      "WTF_CSRF_ENABLED": False, "TESTING": True})
    unit_id = seed(app)
    frame = pd.DataFrame(records(app, unit_id, random.Random(17)))
    content = csv_bytes(frame) if args.format == "csv" else workbook_bytes({"Records": frame})
    print(f"{args.db}: {ROWS:,} rows × {frame.shape[1]} columns, {len(content) / 1e6:.1f} MB {args.format}")
    client = app.test_client()
    assert client.post("/login", data={"username": "coordinator", "password": PASSWORD}).status_code == 302
    imports, cpu, undos = [], [], []
    for _ in range(args.runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        sent = client.post(f"/reports/units/{unit_id}/records/import",
                           data={"file": (io.BytesIO(content), f"records.{args.format}")},
                           content_type="multipart/form-data")
        imports.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
        assert sent.status_code == 302, sent.get_data(as_text=True).partition('role="alert"')[2][:2000]
        with app.app_context():
            db = new_session()
            import_id = db.scalar(select(RecordImport.id).where(RecordImport.undone_at.is_(None)))
            db.close()
        started = time.perf_counter()
        sent = client.post(f"/reports/units/{unit_id}/records/imports/{import_id}/undo")
        undos.append(time.perf_counter() - started)
        assert sent.status_code == 302, sent.get_data(as_text=True)[:2000]
    # On a shared machine the wall time grows with its load; the CPU time of this process (all
    # of SQLite's work, none of the PostgreSQL server's) does not.
    print(f"import: median {statistics.median(imports):.1f} s of {args.runs} "
          f"({', '.join(f'{t:.1f}' for t in imports)}), this process's CPU "
          f"{statistics.median(cpu):.1f} s; undo: median {statistics.median(undos):.1f} s; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
