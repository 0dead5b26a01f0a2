"""Client-facing blueprint: hand-over, one screen per item, and the submission API."""
from flask import Blueprint

from survey.domain.client_words import direction

bp = Blueprint("kiosk", __name__)
# ``dir`` of a client language on the page and on every language's own name (Arabic, Persian: rtl).
bp.add_app_template_global(direction, "text_direction")

from survey.kiosk import api, assets, hand_back, opening, views  # noqa: E402,F401  (routes register on bp)
