"""SQLAlchemy 2 typed models, one module per family."""
from .audit import AuditEvent
from .base import Base
from .clinic import Client, Episode, TreatmentSession
from .followup import Contact, EpisodeVariable, FollowUp, FollowUpDecision, Goal, MeasurementRule
from .org import Role, StaffUser, Unit, staff_units
from .responses import Answer, ImportBatch, Response, RoundStatus, RoundUnit, SurveyRound

__all__ = [
    "Answer", "AuditEvent", "Base", "Client", "Contact", "Episode", "EpisodeVariable", "FollowUp",
    "FollowUpDecision", "Goal", "MeasurementRule", "ImportBatch", "Response", "Role", "RoundStatus",
    "RoundUnit", "StaffUser", "SurveyRound", "TreatmentSession", "Unit", "staff_units",
]
