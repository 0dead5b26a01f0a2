"""Staff accounts' blueprint: login, logout, the home page per role, the password change and its reset,
single sign-on."""
from flask import Blueprint

bp = Blueprint("auth", __name__)

from survey.auth import sso, views  # noqa: E402,F401  (routes register on bp)
