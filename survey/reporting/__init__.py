"""Reports as pandas frames: take frames, return frames. No Flask, no database."""
from survey.reporting.feedback import ResultTable, feedback_results
from survey.reporting.surveys import compare, hidden_cells, round_pattern, summarise

__all__ = ["ResultTable", "compare", "feedback_results", "hidden_cells", "round_pattern",
           "summarise"]
