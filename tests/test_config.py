"""Configuration from SURVEY_* environment variables."""
from __future__ import annotations

import pytest

from survey.config import from_environment


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
