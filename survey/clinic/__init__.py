"""Therapists' blueprint: their clients, a client's scores per session, the session hand-over."""
from flask import Blueprint

bp = Blueprint("clinic", __name__)

from . import views  # noqa: E402,F401
