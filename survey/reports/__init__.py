"""Coordinators' blueprint: survey rounds, their results, exports and paper imports."""
from flask import Blueprint

bp = Blueprint("reports", __name__)

from . import files, followup, results, views  # noqa: E402,F401  (routes register on bp)
