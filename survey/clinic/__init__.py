"""Therapists' blueprint: clients, episodes, the session flow, the client view, results."""
from flask import Blueprint

bp = Blueprint("clinic", __name__)

from survey.clinic import followup, results, sessions, views  # noqa: E402,F401  (routes register on bp)
