"""Administrators' blueprint: the organisation's units and staff, and the audit log."""
from flask import Blueprint

bp = Blueprint("admin", __name__)

from survey.admin import age_schemes, organisation, variables, views  # noqa: E402,F401
