"""Reports as pandas frames: take frames, return frames. No Flask, no database."""
from .feedback_results import ResultTable, feedback_results
from .survey_results import compare, crosstab, summarise

__all__ = ["ResultTable", "compare", "crosstab", "feedback_results", "summarise"]
