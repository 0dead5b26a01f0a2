"""Reading the YAML files the product ships and imports (questionnaires, client words, starter
variables): with libyaml's parser where PyYAML has it, ten times faster than the pure-Python one
(every app start reads every questionnaire), and always safe (plain data, no objects)."""
from __future__ import annotations

from pathlib import Path

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path):
    """The plain data of a UTF-8 YAML file."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)  # noqa: S506 - a safe loader
