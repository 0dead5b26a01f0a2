"""Reports as pandas frames: take frames, return frames. No Flask, no database."""
from survey.reporting.feedback import ResultTable, feedback_results
from survey.reporting.surveys import compare, crosstab, summarise

__all__ = ["ResultTable", "compare", "crosstab", "feedback_results", "summarise"]
