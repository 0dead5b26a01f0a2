"""Settings from ``SURVEY_*`` environment variables, with safe defaults."""
from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_DIR.parent


def _bundled(name: str, installed_as: str) -> Path:
    """A folder kept at the top of the repository (``questionnaires``, ``static``): there in a
    source checkout or an editable install, and inside the package (``survey/<installed_as>``,
    see pyproject.toml) in an installed wheel."""
    installed = PACKAGE_DIR / installed_as
    return installed if installed.is_dir() else PROJECT_ROOT / name


BUNDLED_QUESTIONNAIRES = _bundled("questionnaires", "_questionnaires")
# Installed as survey/static, not survey/_static: Flask names the static URL after the folder,
# and pages, web.security and kiosk-sw.js expect /static/.
STATIC_DIR = _bundled("static", "static")

# The fewest respondents a reported group may have; never configurable below this.
MIN_GROUP_SIZE_FLOOR = 3


def _flag(value: str) -> bool:
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _secret_key(instance_path: Path) -> str:
    """A stable random key kept in the instance folder, so restarts keep sessions valid."""
    key_file = instance_path / "secret_key"
    if not key_file.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def from_environment(instance_path: Path, environ: dict[str, str] | None = None) -> dict:
    """Build the Flask config mapping from the environment."""
    env = os.environ if environ is None else environ
    default_db = f"sqlite:///{instance_path / 'survey.sqlite3'}"
    min_group = int(env.get("SURVEY_MIN_GROUP_SIZE", "5"))
    if min_group < MIN_GROUP_SIZE_FLOOR:
        raise ValueError(
            f"SURVEY_MIN_GROUP_SIZE={min_group} is below the floor of {MIN_GROUP_SIZE_FLOOR}"
        )
    return {
        "SECRET_KEY": env.get("SURVEY_SECRET_KEY") or _secret_key(instance_path),
        "DATABASE_URL": env.get("SURVEY_DATABASE_URL", default_db),
        "QUESTIONNAIRE_DIR": env.get("SURVEY_QUESTIONNAIRE_DIR", str(BUNDLED_QUESTIONNAIRES)),
        "MIN_GROUP_SIZE": min_group,
        "AUDIO_DIR": env.get("SURVEY_AUDIO_DIR", str(instance_path / "audio")),
        "RECORDED_AUDIO_DIR": env.get("SURVEY_RECORDED_AUDIO_DIR",
                                      str(STATIC_DIR / "audio-recorded")),
        # Session feedback: when to show an expected trajectory, and when to flag slow progress.
        "TRAJECTORY_MIN_EPISODES": int(env.get("SURVEY_TRAJECTORY_MIN_EPISODES", "20")),
        "TRAJECTORY_WINDOW": float(env.get("SURVEY_TRAJECTORY_WINDOW", "5")),
        "NO_IMPROVEMENT_BY_SESSION": int(env.get("SURVEY_NO_IMPROVEMENT_BY_SESSION", "4")),
        # A signal nobody has acted on for this many days is listed for the unit's coordinators.
        "SIGNAL_OPEN_DAYS": int(env.get("SURVEY_SIGNAL_OPEN_DAYS", "14")),
        # Clients whose episodes all closed longer ago than this are anonymised by `survey retention`.
        "RETENTION_DAYS": int(env.get("SURVEY_RETENTION_DAYS", str(5 * 365))),
        "DEFAULT_LANGUAGE": env.get("SURVEY_DEFAULT_LANGUAGE", "sv"),
        "SESSION_COOKIE_SECURE": _flag(env.get("SURVEY_SECURE_COOKIES", "0")),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        # Staff sessions end after this long without a request.
        "PERMANENT_SESSION_LIFETIME": timedelta(minutes=int(env.get("SURVEY_SESSION_MINUTES", "30"))),
        # Failed logins allowed per address before a pause.
        "LOGIN_LIMIT": env.get("SURVEY_LOGIN_LIMIT", "10 per 15 minutes"),
        "WTF_CSRF_TIME_LIMIT": None,
    }
