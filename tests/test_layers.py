"""The import contract of the layers: the core (domain, reporting, services, operations, queries,
models, speech) imports no Flask and no blueprint, and each layer imports only the layers below it.

Checked twice: by importing every core module in a fresh interpreter and looking at what got
loaded, and by reading every ``import`` of every module (so an import inside a function counts).
"""
from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

import survey

PACKAGE = Path(survey.__file__).parent
# Each core layer and the survey layers it may import (besides itself).
ALLOWED = {
    "domain": set(),
    "reporting": {"domain"},
    "models": set(),
    "queries": {"models", "domain", "reporting"},
    "operations": {"models", "queries", "domain"},
    "services": {"models", "queries", "domain", "reporting"},
    "speech": {"domain"},
}
WEB_PACKAGES = ("flask", "flask_wtf", "flask_login", "flask_limiter", "wtforms", "werkzeug.routing")
BLUEPRINTS = ("app", "web", "kiosk", "clinic", "coordinator", "admin", "auth", "review", "cli")


def _modules(layer: str) -> list[Path]:
    return sorted((PACKAGE / layer).rglob("*.py"))


def _imported(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # a relative import: resolve against the module's package
                base = path.relative_to(PACKAGE.parent).with_suffix("").parts[:-node.level]
                names.add(".".join([*base, node.module] if node.module else base))
            else:
                names.add(node.module)
    return names


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_each_layer_imports_only_the_layers_below_it(layer):
    wrong = []
    for path in _modules(layer):
        for name in _imported(path):
            top, _, rest = name.partition(".")
            if top in WEB_PACKAGES or name.startswith(WEB_PACKAGES):
                wrong.append(f"{path.relative_to(PACKAGE)} imports {name}")
            elif top == "survey" and rest:
                used = rest.split(".")[0]
                if used != layer and used not in ALLOWED[layer] and used != "config":
                    wrong.append(f"{path.relative_to(PACKAGE)} imports {name}")
    assert not wrong, "\n".join(wrong)


def test_the_core_loads_no_flask_in_a_fresh_interpreter():
    modules = [".".join(p.relative_to(PACKAGE.parent).with_suffix("").parts).removesuffix(".__init__")
               for layer in ALLOWED for p in _modules(layer)]
    script = ("import importlib, json, sys\n"
              f"for name in {modules!r}: importlib.import_module(name)\n"
              "print(json.dumps(sorted(sys.modules)))")
    loaded = json.loads(subprocess.run([sys.executable, "-c", script], check=True,
                                       capture_output=True, text=True).stdout)
    assert [m for m in loaded if m.split(".")[0] in WEB_PACKAGES] == []
    assert [m for m in loaded if m.split(".")[:2] in ([["survey", b] for b in BLUEPRINTS])] == []


def test_importing_the_package_loads_nothing_heavy():
    script = "import json, sys, survey; print(json.dumps(sorted(sys.modules)))"
    loaded = json.loads(subprocess.run([sys.executable, "-c", script], check=True,
                                       capture_output=True, text=True).stdout)
    assert not [m for m in loaded if m.split(".")[0] in ("flask", "sqlalchemy", "pandas")]
    assert [m for m in loaded if m.startswith("survey")] == ["survey"]


@pytest.mark.parametrize("blueprint", ["admin", "auth", "clinic", "coordinator", "kiosk", "review"])
def test_a_blueprint_imports_no_other_blueprint(blueprint):
    others = {"admin", "auth", "clinic", "coordinator", "kiosk", "review"} - {blueprint}
    wrong = [f"{path.relative_to(PACKAGE)} imports {name}"
             for path in _modules(blueprint) for name in _imported(path)
             if name.split(".")[:2] in [["survey", other] for other in others]]
    assert not wrong, "\n".join(wrong)
