"""Coordinators' blueprint: survey rounds (results, codes, exports, paper imports) and a unit's
follow-up report and settings, and the imports of its records."""
from flask import Blueprint

bp = Blueprint("coordinator", __name__)

from survey.coordinator import files, followup, pivots, records, results, variables, views  # noqa: E402,F401  (routes register on bp)
