"""The app factory: its configuration, and its refusal to start on an invalid questionnaire."""
from __future__ import annotations

import pytest
import yaml

from survey.app import create_app
from survey.config import BUNDLED_QUESTIONNAIRES
from survey.domain.instruments import QuestionnaireError


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
