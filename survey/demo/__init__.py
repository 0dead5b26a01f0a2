"""Realistic demo data (``survey demo``)."""
from survey.demo.seed import DEMO_PASSWORD, seed_demo

__all__ = ["DEMO_PASSWORD", "seed_demo"]
