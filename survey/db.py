"""Engine and sessions: one SQLAlchemy session per request, kept on ``g``."""
from __future__ import annotations

from flask import Flask, current_app, g
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker


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


def init_app(app: Flask) -> None:
    engine = make_engine(app.config["DATABASE_URL"])
    app.extensions["survey_engine"] = engine
    app.extensions["survey_sessionmaker"] = sessionmaker(engine, expire_on_commit=False)
    app.teardown_appcontext(close_session)


def get_engine() -> Engine:
    return current_app.extensions["survey_engine"]


def new_session() -> Session:
    """A session outside a request (CLI, tests); the caller closes it."""
    return current_app.extensions["survey_sessionmaker"]()


def get_session() -> Session:
    if "db_session" not in g:
        g.db_session = new_session()
    return g.db_session


def close_session(_exc: BaseException | None = None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()
