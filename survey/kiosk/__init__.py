"""Client-facing blueprint: hand-over, one screen per item, and the submission API."""
from flask import Blueprint

bp = Blueprint("kiosk", __name__)

from survey.kiosk import api, assets, hand_back, views  # noqa: E402,F401  (routes register on bp)
