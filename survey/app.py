"""``create_app``: configuration, questionnaires, database, security, login, blueprints, commands."""
from __future__ import annotations

from pathlib import Path

from flask import Flask
from flask_wtf.csrf import CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix

from survey.config import STATIC_DIR, check_secret_key, from_environment
from survey.domain.instruments import load_catalogue
from survey.services.feedback import HistoryCache
from survey.services.pivot_cache import PivotCache
from survey.services.surveys import CountsCache
from survey.web import assets, db, errors, i18n, labels, oidc, security
from survey.web.login import StaffSessionInterface, login_manager

csrf = CSRFProtect()


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask("survey", instance_relative_config=True, static_folder=str(STATIC_DIR))
    app.config.from_mapping(from_environment(Path(app.instance_path)))
    if test_config:
        app.config.update(test_config)
    if not app.config.get("TESTING"):
        check_secret_key(app.config["SECRET_KEY"])
    if app.config["PROXY_HOPS"]:
        hops = app.config["PROXY_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    # Refuses to start on any invalid questionnaire file (QuestionnaireError lists them all).
    app.extensions["survey_catalogue"] = load_catalogue(
        Path(app.config["QUESTIONNAIRE_DIR"]), Path(app.static_folder) / "pictograms"
    )

    db.init_app(app)
    app.extensions["survey_history_cache"] = HistoryCache()
    app.extensions["survey_counts_cache"] = CountsCache()
    app.extensions["survey_pivot_cache"] = PivotCache()
    csrf.init_app(app)
    security.init_app(app)
    login_manager.init_app(app)
    app.session_interface = StaffSessionInterface()
    i18n.init_app(app)
    labels.init_app(app)
    oidc.init_app(app)
    assets.init_app(app)

    from survey.admin import bp as admin_bp
    from survey.auth import bp as auth_bp
    from survey.clinic import bp as clinic_bp
    from survey.coordinator import bp as coordinator_bp
    from survey.kiosk import bp as kiosk_bp
    from survey.review import bp as review_bp

    app.register_blueprint(auth_bp)
    app.register_blueprint(kiosk_bp, url_prefix="/kiosk")
    app.register_blueprint(clinic_bp, url_prefix="/clinic")
    app.register_blueprint(coordinator_bp, url_prefix="/reports")
    app.register_blueprint(admin_bp, url_prefix="/admin")
    app.register_blueprint(review_bp, url_prefix="/reviews")
    # Error pages in the reader's language; the tablet's API answers its errors in JSON.
    from survey.kiosk.api import API_PATH, json_errors

    errors.init_app(app, json_paths={API_PATH: json_errors})
    csrf.exempt("survey.kiosk.api.submit")
    # The unlock form checks its own token, so a stale locked screen gets a fresh form, not a 400.
    csrf.exempt("survey.kiosk.hand_back.unlock")
    app.add_url_rule("/healthz", "healthz", healthz)

    from survey.cli.commands import register_commands

    register_commands(app)
    return app


def healthz():
    """Liveness for a load balancer: the process answers; no database, no session."""
    return "ok\n", 200, {"Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"}
