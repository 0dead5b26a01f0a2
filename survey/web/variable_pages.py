"""The pages that define a service's own variables, shared by the admin's (the organisation's)
and a unit's (``coordinator``) routes: the list with every version, a new variable, a new
version of one, retiring one, their order. The form's fields: ``key``, ``name-<lang>`` and
``help-<lang>`` per staff language, ``kind``, ``phase``, and per value row ``option-<n>-code``
(generated from the label when left empty), ``option-<n>-label-<lang>`` and
``option-<n>-position``."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from survey.domain.variables import KINDS, NOT_STATED, PHASES, OptionSpec, VariableSpec
from survey.domain.vocabulary import STAFF_LANGUAGES
from survey.models import Unit, Variable, VariableOption
from survey.operations import (
    VariableError,
    define_variable,
    order_variables,
    retire_variable,
    revise_variable,
)
from survey.queries import spec_of
from survey.web.db import get_session
from survey.web.helpers import commit_audited
from survey.web.i18n import STAFF_LANGUAGE_NAMES
from survey.web.labels import defined_label
from survey.web.variable_problems import problem_texts

BLANK_ROWS = 4  # empty value rows offered on the form
OPTION_FIELD = re.compile(r"^option-(\d+)-")


@dataclass(frozen=True)
class Pages:
    """Where a scope's pages are: the endpoints (``list``, ``new``, ``edit``, ``retire``,
    ``order``) and the arguments every one of them takes."""

    endpoints: dict[str, str]
    args: dict

    def url(self, page: str, **more) -> str:
        return url_for(self.endpoints[page], **self.args, **more)


def _slug(text: str, joiner: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", joiner, plain).strip(joiner)[:40].rstrip(joiner)


def _first(words: dict[str, str]) -> str:
    return next((words[lang] for lang in STAFF_LANGUAGES if (words.get(lang) or "").strip()), "")


def _unique(base: str, taken: set[str]) -> str:
    found, number = base, 2
    while found in taken:
        suffix = f"-{number}"
        found, number = base[:40 - len(suffix)] + suffix, number + 1
    return found


def key_from(names: dict[str, str]) -> str:
    """A new variable's short name from its name ("Boende i hemmet" → "boende_i_hemmet")."""
    key = _slug(_first(names), "_")
    return key if not key or key[0].isalpha() else f"v_{key}"[:40]


def spec_from_form(form, key: str, used_codes: set[str]) -> VariableSpec:
    """The definition a form gives: no ``key`` (a new variable left it empty), one made from its
    name; rows without any label are left out, an empty code is made from the row's label
    (unique among ``used_codes``, every code any version had)."""
    words = {field: {lang: form.get(f"{field}-{lang}", "").strip() for lang in STAFF_LANGUAGES}
             for field in ("name", "help")}
    rows = sorted({int(m.group(1)) for name in form if (m := OPTION_FIELD.match(name))})
    options, taken = [], set(used_codes)
    for row in sorted(rows, key=lambda r: (_position(form.get(f"option-{r}-position", "")), r)):
        labels = {lang: form.get(f"option-{row}-label-{lang}", "").strip() for lang in STAFF_LANGUAGES}
        if not any(labels.values()):
            continue
        code = form.get(f"option-{row}-code", "").strip().lower()
        if not code:
            code = _unique(_slug(_first(labels), "-") or "value", taken | {o.code for o in options})
        options.append(OptionSpec(code, {lang: text for lang, text in labels.items() if text}))
    names = {lang: text for lang, text in words["name"].items() if text}
    return VariableSpec(
        key=key or key_from(names), kind=form.get("kind", ""), phase=form.get("phase", ""),
        names=names, help={lang: text for lang, text in words["help"].items() if text},
        options=tuple(options) if form.get("kind") in ("choice", "multi") else ())


def _position(text: str) -> int:
    return int(text) if text.strip().isdigit() else 10_000


def _codes_of(key: str) -> set[str]:
    return set(get_session().scalars(select(VariableOption.code).join(Variable).where(Variable.key == key)))


def _render(pages: Pages, unit: Unit | None, spec: VariableSpec | None,
            current: Variable | None, status: int = 200):
    fixed = {o.code for o in current.options} if current else set()
    rows = [*(spec.options if spec else ()), *[OptionSpec("", {})] * BLANK_ROWS]
    return render_template("variables/form.html", pages=pages, unit=unit, spec=spec,
                           current=current, rows=rows, fixed=fixed, kinds=KINDS, phases=PHASES,
                           languages=STAFF_LANGUAGE_NAMES, not_stated=NOT_STATED), status


def list_page(pages: Pages, unit: Unit | None, units: list[Unit] = ()):
    """Every variable of the scope with its versions, newest first: the current ones in their
    order, then those no longer recorded."""
    db = get_session()
    owner = Variable.unit_id.is_(None) if unit is None else Variable.unit_id == unit.id
    versions: dict[str, list[Variable]] = {}
    for variable in db.scalars(select(Variable).where(owner).options(selectinload(Variable.options))
                               .order_by(Variable.key, Variable.version.desc())):
        versions.setdefault(variable.key, []).append(variable)
    versions = dict(sorted(versions.items(), key=lambda found: (
        found[1][0].retired, found[1][0].position, found[0])))
    return render_template("variables/list.html", pages=pages, unit=unit, versions=versions,
                           units=units)


def edit_page(pages: Pages, unit: Unit | None, current: Variable | None = None):
    """A new variable (``current`` None) or a new version of a current one."""
    db = get_session()
    if request.method == "GET":
        return _render(pages, unit, spec_of(current) if current else None, current)
    if current is None:
        spec = spec_from_form(request.form, request.form.get("key", "").strip().lower(), set())
    else:
        spec = spec_from_form(request.form, current.key, _codes_of(current.key))
    try:
        if current is None:
            made = define_variable(db, spec, unit.id if unit else None, current_user.id)
        else:
            made = revise_variable(db, current, spec, current_user.id)
    except VariableError as error:
        db.rollback()
        for text in problem_texts(error, {}):
            flash(text, "error")
        return _render(pages, unit, spec, current, 422)
    commit_audited(db, "create", "variable", made.id, f"{made.key} version {made.version}",
                   message=_("The variable is saved."))
    return redirect(pages.url("list"))


def retire(pages: Pages, variable: Variable):
    """GET asks for confirmation (a retired variable is never recorded again); POST retires it."""
    if request.method == "GET":
        return render_template(
            "confirm.html", action=pages.url("retire", variable_id=variable.id), back=pages.url("list"),
            question=_("Stop recording %(variable)s?", variable=defined_label(variable.names)),
            consequence=_("It is no longer recorded for any client and cannot be taken up again; "
                          "the values recorded so far stay in the reports."))
    db = get_session()
    retire_variable(db, variable)
    commit_audited(db, "update", "variable", variable.id, f"{variable.key} retired",
                   message=_("The variable is no longer recorded; its values stay in the reports."))
    return redirect(pages.url("list"))


def order(pages: Pages, unit: Unit | None):
    """The current variables in the order of their numbers (``position-<id>``)."""
    db = get_session()
    owner = Variable.unit_id.is_(None) if unit is None else Variable.unit_id == unit.id
    current = list(db.scalars(select(Variable).where(owner, Variable.retired.is_(False))
                              .order_by(Variable.position, Variable.key)))
    ranked = sorted(enumerate(current), key=lambda found: (
        _position(request.form.get(f"position-{found[1].id}", "")), found[0]))
    order_variables(db, [variable for _index, variable in ranked])
    commit_audited(db, "update", "variable", None, "order", message=_("The order is saved."))
    return redirect(pages.url("list"))
