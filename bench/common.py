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


def timed(client, path: str, runs: int, method: str = "get", cpu: bool = False):
    """In-process server time of a page (or a POSTed export): the first (cold) request and the
    median of the rest, ms; with ``cpu``, also this process's CPU time of each, as a second pair."""
    fetch = getattr(client, method)
    walls, cpus = [], []
    for _ in range(runs + 1):
        started, started_cpu = time.perf_counter(), time.process_time()
        answer = fetch(path)
        walls.append((time.perf_counter() - started) * 1000)
        cpus.append((time.process_time() - started_cpu) * 1000)
        assert answer.status_code == 200, path
    wall = (walls[0], statistics.median(walls[1:]) if runs else walls[0])
    return (wall, (cpus[0], statistics.median(cpus[1:]) if runs else cpus[0])) if cpu else wall
