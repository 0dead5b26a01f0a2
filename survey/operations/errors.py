"""The one shape of a refused change: a code that names why, and the parameters its words need.
Operations raise it (or a subclass per area); the web layer words the code in the reader's
language, e.g. ``ClinicError("duplicate-code", code="K-1")``."""
from __future__ import annotations


class OperationError(ValueError):
    def __init__(self, code: str, /, **params) -> None:
        super().__init__(code)
        self.code = code
        self.params = params
