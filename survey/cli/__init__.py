"""The ``survey`` command."""
from survey.cli.commands import main

__all__ = ["main"]
