"""The functions that change data. They flush; the caller (a view or command) commits."""
from .audit import audit
from .clinic import (
    ClinicError, close_episode, open_episode, register_client, start_session,
    transfer_client,
)
from .imports import ImportOutcome, import_paper_answers
from .privacy import anonymise_client, client_record, clients_past_retention, erase_client
from .responses import Submission, SubmissionConflict, SubmissionError, record_response

__all__ = [
    "ClinicError", "ImportOutcome", "Submission", "SubmissionConflict", "SubmissionError", "audit",
    "anonymise_client", "client_record", "clients_past_retention", "close_episode", "erase_client", "import_paper_answers", "open_episode", "record_response", "register_client", "start_session",
    "transfer_client",
]
