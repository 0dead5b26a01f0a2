"""The request's database session, kept on ``g`` and closed at teardown."""
from __future__ import annotations

from flask import Flask, current_app, g
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from survey.models.engine import make_engine


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
