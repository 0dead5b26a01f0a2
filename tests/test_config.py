"""The app factory and configuration from SURVEY_* environment variables."""
from __future__ import annotations

import pytest
import yaml

from survey.app import create_app
from survey.config import BUNDLED_QUESTIONNAIRES, from_environment
from survey.domain.instruments import QuestionnaireError


def test_defaults_are_safe(tmp_path):
    config = from_environment(tmp_path, environ={})
    assert config["DATABASE_URL"] == f"sqlite:///{tmp_path / 'survey.sqlite3'}"
    assert config["MIN_GROUP_SIZE"] == 5
    assert config["SESSION_COOKIE_HTTPONLY"] is True
    assert config["PERMANENT_SESSION_LIFETIME"].total_seconds() == 30 * 60
    assert len(config["SECRET_KEY"]) == 64
    # The generated key is kept, so a restart does not log everyone out.
    assert from_environment(tmp_path, environ={})["SECRET_KEY"] == config["SECRET_KEY"]
    assert oct((tmp_path / "secret_key").stat().st_mode & 0o777) == "0o600"


def test_environment_variables_win(tmp_path):
    config = from_environment(tmp_path, environ={
        "SURVEY_DATABASE_URL": "postgresql+psycopg://u@h/db", "SURVEY_SECRET_KEY": "s3cret",
        "SURVEY_MIN_GROUP_SIZE": "7", "SURVEY_SECURE_COOKIES": "true", "SURVEY_SESSION_MINUTES": "12",
    })
    assert config["PERMANENT_SESSION_LIFETIME"].total_seconds() == 12 * 60
    assert config["DATABASE_URL"] == "postgresql+psycopg://u@h/db"
    assert config["SECRET_KEY"] == "s3cret"
    assert config["MIN_GROUP_SIZE"] == 7
    assert config["SESSION_COOKIE_SECURE"] is True


def test_group_size_cannot_go_below_three(tmp_path):
    with pytest.raises(ValueError, match="below the floor of 3"):
        from_environment(tmp_path, environ={"SURVEY_MIN_GROUP_SIZE": "2"})


def test_factory_reads_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("SURVEY_DATABASE_URL", f"sqlite:///{tmp_path / 'x.sqlite3'}")
    monkeypatch.setenv("SURVEY_MIN_GROUP_SIZE", "6")
    monkeypatch.setenv("SURVEY_SESSION_MINUTES", "20")
    app = create_app()
    assert app.permanent_session_lifetime.total_seconds() == 20 * 60
    assert app.config["MIN_GROUP_SIZE"] == 6
    assert app.config["DATABASE_URL"].endswith("x.sqlite3")
    assert len(app.extensions["survey_catalogue"]) == len(list(BUNDLED_QUESTIONNAIRES.glob("*.yaml")))
    assert {"kiosk", "clinic", "coordinator", "admin", "auth"} <= set(app.blueprints)


def test_test_config_overrides(tmp_path):
    app = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path / 'y.sqlite3'}"})
    assert app.testing


def test_app_refuses_to_start_on_an_invalid_questionnaire(tmp_path):
    (tmp_path / "broken.v1.yaml").write_text(yaml.safe_dump({"id": "broken", "version": 1}))
    with pytest.raises(QuestionnaireError, match="broken.v1.yaml: kind: Field required"):
        create_app({"QUESTIONNAIRE_DIR": str(tmp_path),
                    "DATABASE_URL": f"sqlite:///{tmp_path / 'z.sqlite3'}"})


def test_sqlite_connections_use_wal_foreign_keys_and_durable_commits(tmp_path):
    from survey.models.engine import make_engine

    engine = make_engine(f"sqlite:///{tmp_path / 'pragmas.sqlite3'}")
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
    engine.dispose()
