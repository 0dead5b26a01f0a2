"""Reports as pandas frames: take frames, return frames. No Flask, no database."""
from survey.reporting.feedback import DoseTable, ResultTable, dose_results, feedback_results
from survey.reporting.surveys import compare, crosstab, summarise

__all__ = ["DoseTable", "ResultTable", "dose_results", "compare", "crosstab", "feedback_results", "summarise"]
