"""Record reviews' blueprint (URLs under ``/reviews``): a unit's reviews with their progress,
opening one, and going through its records one screen per client. For reviewers, who reach
nothing else, and the unit's coordinators."""
from flask import Blueprint

bp = Blueprint("review", __name__)

from survey.review import views  # noqa: E402,F401  (routes register on bp)
