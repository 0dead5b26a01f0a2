"""A national-scale survey: 50,000 respondents a year, 15 questions, 500 units, two years.

Seeds the database (SQLite file or PostgreSQL), then times in-process requests (server time,
no network): the whole organisation's results page (its first request computes the round's
hiding pattern), one unit's results page, and the XLSX export with and without the raw-answer
sheet. Prints medians, of wall and of this process's CPU time (steadier on a shared machine; it
leaves out the PostgreSQL server's own time).

    .venv/bin/python bench/survey_scale.py --db sqlite
    .venv/bin/python bench/survey_scale.py --db postgres
    .venv/bin/python bench/survey_scale.py --cold 5 --only-cold   # the cold page 5 times, nothing else
    .venv/bin/python bench/survey_scale.py --profile org.prof   # cProfile of the cold page
"""
from __future__ import annotations

import argparse
import cProfile
import pstats
import random
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import fresh_database, insert_all, reset_sequences, timed  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402
from werkzeug.security import generate_password_hash  # noqa: E402

from survey.app import create_app  # noqa: E402
from survey.config import BUNDLED_QUESTIONNAIRES  # noqa: E402
from survey.models import Answer, Response, RoundUnit, StaffUser, SurveyRound, Unit  # noqa: E402
from survey.operations.tallies import count_responses  # noqa: E402
from survey.services.surveys import CountsCache  # noqa: E402

UNITS, RESPONDENTS, QUESTIONS, YEARS = 500, 50_000, 15, (2025, 2026)
PASSWORD = "bench-password"


def questionnaire_folder(folder: Path) -> Path:
    """The bundled questionnaires plus a 15-question housing survey for the benchmark."""
    target = folder / "questionnaires"
    shutil.copytree(BUNDLED_QUESTIONNAIRES, target)
    data = yaml.safe_load((target / "ux-housing.v1.yaml").read_text())
    items = data["items"]
    while len(items) < QUESTIONS:
        extra = dict(items[len(items) % 11])
        extra["key"] = f"{extra['key']}-{len(items)}"
        items.append(extra)
    data["id"] = "ux-national"
    (target / "ux-national.v1.yaml").write_text(yaml.safe_dump(data, allow_unicode=True))
    return target


def seed(engine, questionnaire, rng: random.Random) -> list[int]:
    password = generate_password_hash(PASSWORD)
    staff = [{"id": 1, "username": "coordinator", "display_name": "Coordinator", "role": "coordinator",
              "password_hash": password, "active": True, "raw_data_access": False,
              "organisation_wide": True},
             {"id": 2, "username": "admin", "display_name": "Admin", "role": "admin",
              "password_hash": password, "active": True, "raw_data_access": False,
              "organisation_wide": False}]
    areas = [{"id": UNITS + a, "name": f"Område {a}", "service_type": "area", "parent_id": None}
             for a in range(1, 26)]
    units = [{"id": u, "name": f"Enhet {u:03d}", "service_type": "housing",
              "parent_id": UNITS + 1 + u % 25} for u in range(1, UNITS + 1)]
    rounds, round_units, responses, answers = [], [], [], []
    items = [(item.key, questionnaire.scale_of(item)) for item in questionnaire.items]
    response_id = answer_id = 0
    for round_id, year in enumerate(YEARS, start=1):
        rounds.append({"id": round_id, "questionnaire_id": questionnaire.id, "questionnaire_version": 1,
                       "year": year, "status": "closed" if year < YEARS[-1] else "open"})
        sizes = [rng.randint(1, 199) for _ in range(UNITS)]
        scale = RESPONDENTS / sum(sizes)
        sizes = [max(1, round(s * scale)) for s in sizes]
        sizes[0] += RESPONDENTS - sum(sizes)
        for unit, size in zip(units, sizes):
            round_units.append({"round_id": round_id, "unit_id": unit["id"], "eligible": size + 5,
                                "code": uuid.UUID(int=rng.getrandbits(128)).hex[:8].upper()})
            for _ in range(size):
                response_id += 1
                responses.append({"id": response_id, "uid": str(uuid.UUID(int=rng.getrandbits(128))),
                                  "questionnaire_id": questionnaire.id, "questionnaire_version": 1,
                                  "unit_id": unit["id"], "round_id": round_id, "mode": "self",
                                  "rater": "client", "source": "tablet", "language": "sv",
                                  "gender": rng.choice(["woman", "man", "woman", "man", "other"]),
                                  "age_group": rng.choice(["18-29", "30-49", "50-64", "65+"])})
                for key, options in items:
                    answer_id += 1
                    roll = rng.random()
                    option = None if roll < 0.04 else options.options[0 if roll < 0.65 else rng.randrange(1, 4)].key
                    answers.append({"id": answer_id, "response_id": response_id, "item_key": key,
                                    "option_key": option, "value": None})
    tables = [(StaffUser.__table__, staff), (Unit.__table__, areas + units), (SurveyRound.__table__, rounds),
              (RoundUnit.__table__, round_units), (Response.__table__, responses), (Answer.__table__, answers)]
    with engine.begin() as connection:
        for table, rows in tables:
            insert_all(connection, table, rows)
        reset_sequences(connection, [t for t, _ in tables])
        with Session(connection) as db:  # the tallies the app keeps at write time
            for survey_round in rounds:
                count_responses(db, survey_round["id"], questionnaire.dont_know_keys)
        connection.exec_driver_sql("ANALYZE")
    return [u["id"] for u in units]



def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--skip-raw", action="store_true", help="Leave out the raw-sheet export.")
    parser.add_argument("--cold", type=int, default=1, metavar="N",
                        help="The cold organisation page N times, the app's counts cache emptied before each.")
    parser.add_argument("--only-cold", action="store_true", help="Time the cold page and nothing else.")
    parser.add_argument("--profile", metavar="FILE",
                        help="Only profile the cold organisation page (cProfile stats to FILE).")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-survey-"))
    url = fresh_database(args.db, "bench_survey", folder)
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench-key-of-at-least-32-random-bytes", "WTF_CSRF_ENABLED": False,
                      "QUESTIONNAIRE_DIR": str(questionnaire_folder(folder))})
    started = time.perf_counter()
    units = seed(app.extensions["survey_engine"], app.extensions["survey_catalogue"].get("ux-national"),
                 random.Random(11))
    print(f"{args.db}: seeded {RESPONDENTS:,} respondents × {QUESTIONS} questions × {len(YEARS)} years "
          f"in {UNITS} units in {time.perf_counter() - started:.0f} s", flush=True)
    client = app.test_client()
    client.post("/login", data={"username": "coordinator", "password": PASSWORD})
    if args.profile:
        with cProfile.Profile() as profile:
            assert client.get("/reports/rounds/2/organisation").status_code == 200
        profile.dump_stats(args.profile)
        pstats.Stats(args.profile).sort_stats("cumulative").print_stats(25)
        return
    cold = []
    for _ in range(args.cold):
        app.extensions["survey_counts_cache"] = CountsCache()
        (wall, _), (cpu, _) = timed(client, "/reports/rounds/2/organisation", 0, cpu=True)
        cold.append((wall, cpu))
    print(f"{args.db}: organisation results cold (aim < 2000 ms), {args.cold}×: median wall "
          f"{statistics.median(w for w, _ in cold):.0f} ms, cpu {statistics.median(c for _, c in cold):.0f} ms "
          f"({', '.join(f'{w:.0f}/{c:.0f}' for w, c in cold)})", flush=True)
    if args.only_cold:
        return
    figures = {
        "organisation results (warm)": timed(client, "/reports/rounds/2/organisation", args.runs, cpu=True),
        "one unit's results (aim < 200 ms warm)": timed(client, f"/reports/rounds/2/units/{units[len(units) // 2]}", args.runs, cpu=True),
        "round overview, 500 units × 15 questions": timed(client, "/reports/rounds/2", 3, cpu=True),
        "round overview by area (the tree's report groups)": timed(client, "/reports/rounds/2?by=unit_group", 3, cpu=True),
        "one area's results": timed(client, "/reports/rounds/2/groups/Område 7", args.runs, cpu=True),
        "XLSX, summary + 500 unit sheets (aim < 15 s)": timed(client, "/reports/rounds/2/export.xlsx", 3, "post", cpu=True),
    }
    if not args.skip_raw:
        client.post("/logout")
        client.post("/login", data={"username": "admin", "password": PASSWORD})
        figures["XLSX with the raw sheet, 750,000 rows"] = timed(client, "/reports/rounds/2/export.xlsx", 1, "post", cpu=True)
    for name, ((first, median), (first_cpu, median_cpu)) in figures.items():
        print(f"{args.db}: {name}: first {first:.0f} ms, then median {median:.0f} ms "
              f"(cpu: first {first_cpu:.0f} ms, then median {median_cpu:.0f} ms)", flush=True)


if __name__ == "__main__":
    main()
