"""Reports as pandas frames: take frames, return frames. No Flask, no database."""
from survey.reporting.feedback import DoseTable, ResultTable, dose_results, feedback_results
from survey.reporting.surveys import compare, hidden_cells, round_pattern, summarise

__all__ = ["DoseTable", "ResultTable", "compare", "dose_results", "feedback_results", "hidden_cells",
           "round_pattern", "summarise"]
