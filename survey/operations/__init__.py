"""The functions that change data. They flush; the caller (a view or command) commits."""
from survey.operations.age_schemes import (
    AgeSchemeError,
    create_age_scheme,
    delete_age_scheme,
    update_age_scheme,
)
from survey.operations.audit import audit
from survey.operations.clinic import (
    ClinicError,
    close_episode,
    open_episode,
    register_client,
    set_age_at_intake,
    start_session,
    transfer_client,
)
from survey.operations.followup import (
    add_goal,
    record_contact,
    record_decision,
    set_plan,
    set_unit_follow_up,
    start_follow_up,
)
from survey.operations.imports import ImportOutcome, UndoError, import_paper_answers, undo_import
from survey.operations.organisation import (
    OrganisationError,
    OrgImport,
    create_unit,
    import_staff,
    import_units,
    name_organisation,
    organisation,
    set_unit_active,
    update_unit,
)
from survey.operations.privacy import (
    anonymise_client,
    client_record,
    clients_past_retention,
    erase_client,
)
from survey.operations.responses import (
    Submission,
    SubmissionConflict,
    SubmissionError,
    record_response,
)
from survey.operations.rounds import (
    PlanError,
    RoundError,
    RoundPlan,
    create_round,
    set_round_status,
)
from survey.operations.signals import acknowledge_signal
from survey.operations.staff import (
    StaffError,
    authenticate,
    change_own_password,
    create_staff,
    end_sessions,
    issue_password_reset,
    reset_password,
    set_language,
    set_staff_active,
    update_staff,
    validate_new_password,
)
from survey.operations.variables import (
    DefinitionError,
    VariableError,
    define_variable,
    install_starter_set,
    order_variables,
    parsed,
    record_value,
    record_values,
    retire_variable,
    revise_variable,
)

__all__ = [
    "ClinicError", "DefinitionError", "ImportOutcome", "PlanError", "RoundError", "RoundPlan", "StaffError", "Submission",
    "SubmissionConflict", "SubmissionError", "UndoError", "undo_import",
    "acknowledge_signal", "add_goal", "anonymise_client", "audit", "authenticate", "change_own_password", "end_sessions",
    "create_round", "set_staff_active",
    "set_round_status", "client_record", "clients_past_retention",
    "close_episode", "erase_client", "import_paper_answers", "open_episode", "record_contact",
    "record_decision", "record_response", "register_client", "set_plan", "set_unit_follow_up",
    "set_age_at_intake", "start_follow_up", "start_session", "transfer_client", "validate_new_password",
    "OrgImport", "OrganisationError", "create_staff", "create_unit", "import_staff", "import_units",
    "issue_password_reset", "name_organisation", "set_language", "organisation", "reset_password", "set_unit_active",
    "update_staff", "update_unit", "VariableError", "install_starter_set", "parsed", "record_value",
    "AgeSchemeError", "create_age_scheme", "delete_age_scheme", "update_age_scheme",
    "define_variable", "order_variables", "record_values", "retire_variable", "revise_variable",
]
