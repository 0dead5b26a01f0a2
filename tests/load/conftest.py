"""Load tests: the figures each test reports are printed at the end of the run."""
from __future__ import annotations

import pytest

_FIGURES = pytest.StashKey[list[str]]()


@pytest.fixture
def report(request):
    """``report(line)``: a figure shown in the run's summary under "load"."""
    lines = request.config.stash.setdefault(_FIGURES, [])
    return lambda line: lines.append(f"{request.node.name}: {line}")


def pytest_terminal_summary(terminalreporter, config):
    lines = config.stash.get(_FIGURES, [])
    if lines:
        terminalreporter.section("load")
        for line in lines:
            terminalreporter.write_line(line)
