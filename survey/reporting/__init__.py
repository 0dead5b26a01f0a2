"""Reports as pandas frames: take frames, return frames. No Flask, no database."""
from .survey_results import SUPPRESSED, round_unit_table

__all__ = ["SUPPRESSED", "round_unit_table"]
