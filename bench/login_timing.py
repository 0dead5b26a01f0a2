"""Login timing: does a failed login take as long for an unknown username as for a known one?

Times in-process POSTs to /login (server time, no network) with a wrong password, for an existing
account and for a name that does not exist, alternating, and prints the median of each and their
ratio. Before the dummy hash an unknown name answered about ten times faster.

    .venv/bin/python bench/login_timing.py --runs 40
"""
from __future__ import annotations

import argparse
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import fresh_database  # noqa: E402

from survey.app import create_app  # noqa: E402
from survey.models import Role, StaffUser  # noqa: E402
from survey.web.db import new_session  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()
    url = fresh_database("sqlite", "bench_login", Path(tempfile.mkdtemp(prefix="bench-login-")))
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": secrets.token_hex(32),
                      "WTF_CSRF_ENABLED": False,
                      # Not the limits under test: every attempt must reach the password check.
                      "LOGIN_LIMIT": "100000 per minute", "LOGIN_ACCOUNT_LIMIT": "100000 per minute"})
    with app.app_context():
        db = new_session()
        user = StaffUser(username="anna", display_name="Anna", role=Role.THERAPIST)
        user.set_password("a long and known password")
        db.add(user)
        db.commit()
        db.close()
    client = app.test_client()
    times: dict[str, list[float]] = {"known": [], "unknown": []}
    for run in range(args.runs + 1):  # run 0 warms up
        for kind, username in (("known", "anna"), ("unknown", f"nobody{run}")):
            started = time.perf_counter()
            answer = client.post("/login", data={"username": username, "password": "wrong guess"})
            elapsed = (time.perf_counter() - started) * 1000
            assert answer.status_code == 401, answer.status_code
            if run:
                times[kind].append(elapsed)
    known, unknown = (statistics.median(times[kind]) for kind in ("known", "unknown"))
    print(f"failed login, median of {args.runs}: known user {known:.1f} ms, "
          f"unknown user {unknown:.1f} ms, ratio {unknown / known:.2f}")


if __name__ == "__main__":
    main()
