"""Shared by the benchmarks: fast bulk seeding (Core inserts with explicit ids) and timing."""
from __future__ import annotations

import statistics
import time

import sqlalchemy as sa

from survey.migrations import upgrade

POSTGRES_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def fresh_database(kind: str, name: str, folder) -> str:
    """An empty database built by the migrations: an SQLite file, or a PostgreSQL database."""
    if kind == "sqlite":
        path = folder / f"{name}.sqlite3"
        path.unlink(missing_ok=True)
        url = f"sqlite:///{path}"
    else:
        admin = sa.create_engine(POSTGRES_ADMIN, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
        admin.dispose()
        url = sa.engine.make_url(POSTGRES_ADMIN).set(database=name).render_as_string(hide_password=False)
    upgrade(url)
    return url


def insert_all(connection, table, rows: list[dict], batch: int = 20_000) -> None:
    for start in range(0, len(rows), batch):
        connection.execute(sa.insert(table), rows[start:start + batch])


def reset_sequences(connection, tables) -> None:
    """PostgreSQL: move id sequences past the explicit ids the seeding used."""
    if connection.dialect.name != "postgresql":
        return
    for table in tables:
        if "id" in table.c:
            connection.exec_driver_sql(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                f"COALESCE((SELECT MAX(id) FROM {table.name}), 1))")


def timed(client, path: str, runs: int, method: str = "get") -> tuple[float, float]:
    """In-process server time of a page (or a POSTed export): the first (cold) request and the
    median of the rest, ms."""
    fetch = getattr(client, method)
    started = time.perf_counter()
    assert fetch(path).status_code == 200, path
    first = (time.perf_counter() - started) * 1000
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        answer = fetch(path)
        times.append((time.perf_counter() - started) * 1000)
        assert answer.status_code == 200, path
    return first, statistics.median(times)
