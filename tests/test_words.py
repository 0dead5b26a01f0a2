"""Every user-facing word goes through the catalogue: no template or web-layer module holds a
literal word a reader sees. (The client pages' words are client_words data, read by key.)"""
from __future__ import annotations

import ast
import re
from pathlib import Path

from jinja2 import Environment

import survey

PACKAGE = Path(survey.__file__).parent
TEMPLATES = PACKAGE / "templates"
# Layers that word things for people (the domain and reporting return codes; cli talks English to
# operators; migrations are history).
WORDING_LAYERS = ("admin", "auth", "clinic", "coordinator", "kiosk", "review", "web", "services",
                  "operations", "reporting", "app.py")
WORD = re.compile(r"[A-Za-zÅÄÖåäöÆØæø]{2,}")
SEEN_ATTRIBUTES = re.compile(r'\b(?:title|aria-label|placeholder|alt|label)="([^"\x00]*)"')
FIELD_OR_MESSAGE = re.compile(r"(Field|ValidationError|flash|abort)$")


def _template_literals(path: Path) -> list[str]:
    """Words in the template's own text and seen attributes (not in tags, expressions or
    ``{% trans %}`` blocks)."""
    env = Environment(extensions=["jinja2.ext.i18n", "jinja2.ext.do"])
    parts, in_trans, previous = [], False, None
    for _line, kind, value in env.lex(path.read_text(encoding="utf-8")):
        if previous == "block_begin" and kind == "name":
            in_trans = value in ("trans", "pluralize") or (in_trans and value != "endtrans")
        if kind != "whitespace":
            previous = kind
        parts.append(value if kind == "data" and not in_trans else "\x00")
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", "".join(parts), flags=re.S)
    attributes = [a for a in SEEN_ATTRIBUTES.findall(text) if WORD.search(a)]
    text = re.sub(r"<[^>]*>", " ", text)
    text = re.sub(r"&[a-z]+;|&#\d+;", " ", text)
    return WORD.findall(text) + attributes


def _python_literals(path: Path) -> list[str]:
    """Swedish-looking constants, and words given to a form field, a flash or an abort, outside
    the catalogue (docstrings and each language's name in itself are not for translation)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    exempt = {id(n) for n in ast.walk(tree) if isinstance(n, ast.Expr)
              and isinstance(n.value, ast.Constant)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(
                getattr(t, "id", "").endswith("LANGUAGE_NAMES") for t in node.targets):
            exempt |= {id(n) for n in ast.walk(node)}
    exempt |= {id(n.value) for n in ast.walk(tree) if id(n) in exempt and hasattr(n, "value")}
    found = []
    for node in ast.walk(tree):
        if id(node) in exempt:
            continue
        if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                and re.search("[åäöÅÄÖ]", node.value):
            found.append(node.value)
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", None) or getattr(node.func, "attr", "")
        worded = [a for a in node.args[:1] if FIELD_OR_MESSAGE.search(name)]
        worded += [k.value for k in node.keywords if k.arg in ("label", "message", "description")]
        found += [a.value for a in worded
                  if isinstance(a, ast.Constant) and isinstance(a.value, str) and WORD.search(a.value)]
    return found


def _relative(path: Path) -> str:
    return path.relative_to(PACKAGE).as_posix()


def test_templates_hold_no_literal_words():
    offenders = {}
    for path in sorted(TEMPLATES.rglob("*.html")):
        words = _template_literals(path)
        if words:
            offenders[_relative(path)] = words[:5]
    assert offenders == {}


def test_web_modules_hold_no_literal_words():
    offenders = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if not _relative(path).startswith(WORDING_LAYERS):
            continue
        words = _python_literals(path)
        if words:
            offenders[_relative(path)] = words[:3]
    assert offenders == {}


def test_the_scanner_finds_a_literal(tmp_path):
    page = tmp_path / "page.html"
    page.write_text('<h1>Klienter</h1><p title="Hjälp">{{ _("Clients") }}</p>'
                    "{% trans %}Kept{% endtrans %}", encoding="utf-8")
    assert _template_literals(page) == ["Klienter", "Hjälp"]
    module = tmp_path / "view.py"
    module.write_text('flash("Saved")\nflash(_("Saved"))\nx = "Ändrad"\n'
                      'name = StringField("Name")\n', encoding="utf-8")
    assert sorted(_python_literals(module)) == ["Name", "Saved", "Ändrad"]
