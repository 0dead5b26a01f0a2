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
MIN_SECRET_KEY_BYTES = 32


def _flag(value: str) -> bool:
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _secret_key(instance_path: Path) -> str:
    """A stable random key kept in the instance folder, so restarts keep sessions valid. The file
    is made with mode 0600, so no other user can read it even for a moment."""
    key_file = instance_path / "secret_key"
    if not key_file.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        try:
            handle = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it a moment ago
            pass
        else:
            with os.fdopen(handle, "w") as out:
                out.write(secrets.token_hex(32))
    return key_file.read_text().strip()


def check_secret_key(key: object) -> None:
    """Refuse a key an attacker could guess: under 32 bytes, or of few different characters."""
    data = key.encode() if isinstance(key, str) else key
    if not isinstance(data, bytes) or len(data) < MIN_SECRET_KEY_BYTES or len(set(data)) < 12:
        raise ValueError(
            f"SURVEY_SECRET_KEY must be at least {MIN_SECRET_KEY_BYTES} random bytes, e.g. "
            "python -c 'import secrets; print(secrets.token_hex(32))' (or leave it unset for a "
            "generated key in the instance folder)")


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
        # Staff sessions end after this long without a request, and this long after the login.
        "PERMANENT_SESSION_LIFETIME": timedelta(minutes=int(env.get("SURVEY_SESSION_MINUTES", "30"))),
        "SESSION_MAX_LIFETIME": timedelta(hours=float(env.get("SURVEY_SESSION_MAX_HOURS", "10"))),
        # Failed logins allowed per address, and per account (a pause, never a permanent lock).
        "LOGIN_LIMIT": env.get("SURVEY_LOGIN_LIMIT", "50 per 15 minutes"),
        "LOGIN_ACCOUNT_LIMIT": env.get("SURVEY_LOGIN_ACCOUNT_LIMIT", "5 per 5 minutes"),
        # New responses a tablet ticket, and an address, may store; failed round codes per address.
        "SUBMIT_TICKET_LIMIT": env.get("SURVEY_SUBMIT_TICKET_LIMIT", "30 per 10 minutes"),
        "SUBMIT_ADDRESS_LIMIT": env.get("SURVEY_SUBMIT_ADDRESS_LIMIT", "120 per 10 minutes"),
        "CODE_LIMIT": env.get("SURVEY_CODE_LIMIT", "20 per 15 minutes"),
        # Proxies in front of the app whose X-Forwarded-For/-Proto/-Host are trusted (0: none).
        "PROXY_HOPS": int(env.get("SURVEY_PROXY_HOPS", "0")),
        # The largest request body (uploads included); survey serve gives waitress the same.
        "MAX_CONTENT_LENGTH": int(float(env.get("SURVEY_MAX_REQUEST_MB", "8")) * 1024 * 1024),
        # The app's public address, e.g. https://enkat.example.se: printed in QR codes (never the
        # Host header), and the base of sign-in redirects and one-time links.
        "BASE_URL": env.get("SURVEY_BASE_URL", "").rstrip("/"),
        "WTF_CSRF_TIME_LIMIT": None,
        # OpenID Connect sign-in: on when an issuer is set. Local passwords stay unless disabled.
        "OIDC_ISSUER": env.get("SURVEY_OIDC_ISSUER", "").rstrip("/"),
        "OIDC_CLIENT_ID": env.get("SURVEY_OIDC_CLIENT_ID", ""),
        "OIDC_CLIENT_SECRET": env.get("SURVEY_OIDC_CLIENT_SECRET", ""),
        # The claim that holds the product's username (e.g. preferred_username, email, sub).
        "OIDC_USERNAME_CLAIM": env.get("SURVEY_OIDC_USERNAME_CLAIM", "preferred_username"),
        # Optional: roles from the provider's groups claim ("group=role,…"); else an admin sets them.
        "OIDC_ROLE_GROUPS": env.get("SURVEY_OIDC_ROLE_GROUPS", ""),
        "LOCAL_PASSWORDS": _flag(env.get("SURVEY_LOCAL_PASSWORDS", "1")),
        # A session or follow-up ticket opens its questionnaire for this many hours after issue.
        "TICKET_HOURS": float(env.get("SURVEY_TICKET_HOURS", "12")),
        # Seconds without a touch before the tablet asks "are you still there?"; as long again
        # without an answer and the draft is cleared.
        "IDLE_SECONDS": int(env.get("SURVEY_IDLE_SECONDS", "120")),
        # Seconds the thank-you screen stays before the tablet moves on by itself.
        "THANKS_SECONDS": int(env.get("SURVEY_THANKS_SECONDS", "20")),
    }
