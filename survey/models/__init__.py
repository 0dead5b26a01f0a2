"""SQLAlchemy 2 typed models, one module per family."""
from survey.models.audit import AuditEvent
from survey.models.base import Base
from survey.models.clinic import Client, Episode, SignalAcknowledgement, TreatmentSession
from survey.models.followup import (
    Contact,
    FollowUp,
    FollowUpDecision,
    Goal,
    MeasurementRule,
)
from survey.models.org import (
    Organisation,
    PasswordReset,
    Role,
    StaffUser,
    Unit,
    join_report_group,
    report_group_column,
    staff_units,
)
from survey.models.pivots import STAMPED_TABLES, PivotStamp, SavedPivot
from survey.models.responses import (
    Answer,
    ImportBatch,
    Response,
    RoundStatus,
    RoundUnit,
    SurveyRound,
)
from survey.models.tallies import (
    TALLIES,
    AnswerTally,
    RespondentTally,
    SkipTally,
    UnitAnswerTally,
)
from survey.models.variables import (
    AgeSchemeRow,
    RecordedValue,
    RecordImport,
    RecordReview,
    ReviewedEpisode,
    Variable,
    VariableOption,
)

__all__ = [
    "Answer", "AuditEvent", "Base", "Client", "Contact", "Episode", "FollowUp",
    "FollowUpDecision", "Goal", "MeasurementRule", "ImportBatch", "Organisation", "PasswordReset",
    "Response", "Role", "RoundStatus", "RoundUnit", "SignalAcknowledgement", "StaffUser",
    "SurveyRound", "TreatmentSession", "Unit", "join_report_group", "report_group_column",
    "staff_units", "AgeSchemeRow", "RecordedValue", "RecordImport", "RecordReview", "ReviewedEpisode", "Variable",
    "VariableOption", "SavedPivot", "PivotStamp", "STAMPED_TABLES", "TALLIES", "AnswerTally",
    "RespondentTally", "SkipTally", "UnitAnswerTally",
]
