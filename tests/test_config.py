"""Configuration from SURVEY_* environment variables."""
from __future__ import annotations

import os
import secrets
from pathlib import Path

import pytest

from survey.app import create_app
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


def test_the_generated_key_file_is_private_from_the_start(tmp_path, monkeypatch):
    """Made with mode 0600, not chmod-ed afterwards: even with umask 0 no moment of 0644."""
    monkeypatch.setattr(Path, "chmod", lambda *args, **kwargs: None)
    old_umask = os.umask(0)
    try:
        from_environment(tmp_path, environ={})
    finally:
        os.umask(old_umask)
    assert oct((tmp_path / "secret_key").stat().st_mode & 0o777) == "0o600"


@pytest.mark.parametrize("weak", ["rt", "s3cret", "a" * 64, "x" * 31])
def test_a_weak_secret_key_is_refused_outside_tests(tmp_path, weak):
    with pytest.raises(ValueError, match="at least 32 random bytes"):
        create_app({"SECRET_KEY": weak, "DATABASE_URL": f"sqlite:///{tmp_path / 'k.sqlite3'}"})
    strong = secrets.token_hex(32)
    app = create_app({"SECRET_KEY": strong, "DATABASE_URL": f"sqlite:///{tmp_path / 'k.sqlite3'}"})
    assert app.config["SECRET_KEY"] == strong
    app.extensions["survey_engine"].dispose()


def test_security_settings_come_from_the_environment(tmp_path):
    config = from_environment(tmp_path, environ={
        "SURVEY_SESSION_MAX_HOURS": "8", "SURVEY_PROXY_HOPS": "2", "SURVEY_MAX_REQUEST_MB": "4",
        "SURVEY_BASE_URL": "https://enkat.example.se/", "SURVEY_LOGIN_ACCOUNT_LIMIT": "3 per minute"})
    assert config["SESSION_MAX_LIFETIME"].total_seconds() == 8 * 3600
    assert config["PROXY_HOPS"] == 2 and config["MAX_CONTENT_LENGTH"] == 4 * 1024 * 1024
    assert config["BASE_URL"] == "https://enkat.example.se"
    assert config["LOGIN_ACCOUNT_LIMIT"] == "3 per minute"
    defaults = from_environment(tmp_path, environ={})
    assert defaults["PROXY_HOPS"] == 0 and defaults["BASE_URL"] == ""
