"""The engine for a database URL: SQLite or PostgreSQL, tuned for many tablets at once."""
from __future__ import annotations

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine

# Connections kept open: more than ``survey serve``'s threads, so none is opened per request.
POOL_SIZE = 10


def make_engine(url: str) -> Engine:
    """An engine; SQLite gets WAL, foreign keys, a busy timeout and durable commits."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30}, pool_size=POOL_SIZE)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            # FULL: a commit is on disk before it is acknowledged, power loss included (NORMAL
            # survives a process crash only); it cost 0-15% of bench/submit_throughput.py.
            cursor.execute("PRAGMA synchronous=FULL")
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=POOL_SIZE)
