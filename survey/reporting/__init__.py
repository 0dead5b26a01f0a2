"""Reports as pandas frames: take frames, return frames. No Flask, no database."""
from .feedback_results import ResultTable, feedback_results
from .survey_results import SUPPRESSED, round_unit_table

__all__ = ["ResultTable", "SUPPRESSED", "feedback_results", "round_unit_table"]
