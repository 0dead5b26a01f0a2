"""The words of a pivot table (its dimensions' names and values, its periods) in the reader's
language, the table as sheets for XLSX and CSV, and a unit's raw values as one long sheet."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from survey.domain.pivots import AGE, GENDER, GOALS, INTERVENTION, LENGTH, PLAN, UNIT, variable_key
from survey.domain.variables import NOT_STATED
from survey.models import Unit, Variable
from survey.reporting.pivots import TOTAL
from survey.services.pivots import SPAN, PivotView
from survey.web.labels import (
    GENDER_LABELS,
    INTERVENTION_LABELS,
    defined_label,
    hidden_note,
    hidden_text,
    variable_value_label,
)

DIMENSION_NAMES = {
    GENDER: _l("Gender"), AGE: _l("Age group"), UNIT: _l("Unit"),
    INTERVENTION: _l("Intervention type"), LENGTH: _l("Length of intervention (months)"),
    GOALS: _l("Goals set"), PLAN: _l("Plan present")}
PERCENTAGE_NAMES = {"row": _l("Row percentages"), "column": _l("Column percentages"),
                    "total": _l("Percentages of the total")}


@dataclass(frozen=True)
class PivotWords:
    """What the codes of one pivot say in the reader's language."""

    variables: dict[str, Variable]
    units: dict[str, str]  # unit id (as counted) -> name

    def name(self, dimension: str) -> str:
        key = variable_key(dimension)
        return defined_label(self.variables[key].names) if key else str(DIMENSION_NAMES[dimension])

    def value(self, dimension: str, code: str) -> str:
        key = variable_key(dimension)
        if code == TOTAL:
            return _("Total")
        if code == NOT_STATED or code in ("yes", "no"):
            return variable_value_label(None, code)
        if key is not None:
            return variable_value_label(self.variables[key], code)
        if dimension == GENDER:
            return GENDER_LABELS[code] if code in GENDER_LABELS else code
        if dimension == INTERVENTION:
            return INTERVENTION_LABELS[code] if code in INTERVENTION_LABELS else code
        if dimension == UNIT:
            return self.units.get(code, code)
        return code  # age bands and groups of months are written as numbers

    @staticmethod
    def period(key: str, span=None) -> str:
        if key == SPAN and span:
            return f"{span[0].isoformat()} – {span[1].isoformat()}"
        return key.replace("-Q", " Q")


def pivot_words(view: PivotView, units: list[Unit]) -> PivotWords:
    return PivotWords(view.variables, {str(u.id): u.name for u in units})


def _cell(value, min_group: int):
    return hidden_text(min_group, value) if isinstance(value, str) else value


def labelled(frame: pd.DataFrame, view: PivotView, words: PivotWords, min_group: int) -> pd.DataFrame:
    """A table (counts or percentages) with its values named and each hidden cell saying why."""
    shown = frame.map(lambda value: _cell(value, min_group))
    shown.index = [words.value(view.spec.rows, code) for code in frame.index]
    shown.columns = [words.value(view.spec.columns, code) for code in frame.columns]
    shown.index.name = f"{words.name(view.spec.rows)} / {words.name(view.spec.columns)}"
    return shown


def pivot_sheets(view: PivotView, words: PivotWords, min_group: int, fmt: str,
                 span=None) -> dict[str, pd.DataFrame]:
    """Every period's counts and asked percentages as sheets (XLSX), or as one table with the
    period as its first column (CSV), with the note on hidden figures and on several values."""
    sheets: dict[str, pd.DataFrame] = {}
    for key, table in view.tables:
        period = words.period(key, span)
        sheets[period] = labelled(table.counts, view, words, min_group)
        for kind, shares in table.percentages.items():
            sheets[f"{period} {PERCENTAGE_NAMES[kind]}"] = labelled(shares, view, words, min_group)
    notes = [hidden_note(min_group)] if view.hidden else []
    if view.several:
        notes.append(_("An episode with several values is counted once for each of them, so the "
                       "totals count values, not episodes."))
    if fmt == "csv":
        frame = pd.concat({name: sheet for name, sheet in sheets.items()}, names=[_("Period"), ""])
        frame = frame.reset_index().astype(object)
        for note in notes:
            frame.loc[len(frame)] = [note] + [None] * (frame.shape[1] - 1)
        return {_("Pivot"): frame}
    if notes:
        sheets[_("Notes")] = pd.DataFrame({_("Explanation"): notes})
    return sheets


def long_sheet(rows: pd.DataFrame, variables: dict[int, Variable], unit: Unit) -> pd.DataFrame:
    """The long rows with the unit's name, each variable's name and each value's label in the
    reader's language beside the codes."""
    def label(variable: Variable, value) -> str:
        if variable.kind in ("choice", "multi", "yes-no") or value == NOT_STATED:
            return "; ".join(variable_value_label(variable, code) for code in str(value).split(";"))
        return "" if value is None else str(value)

    names = {vid: defined_label(v.names) for vid, v in variables.items()}
    return pd.DataFrame({
        _("Client"): rows["client_code"], _("Episode"): rows["episode_id"],
        _("Started (month)"): rows["opened_on"], _("Ended (month)"): rows["closed_on"],
        _("Unit"): unit.name, _("Variable"): rows["key"],
        _("Name"): [names[int(vid)] for vid in rows["variable_id"]],
        _("Value"): rows["value"],
        _("Label"): [label(variables[int(vid)], value) for vid, value in zip(rows["variable_id"], rows["value"])],
    })
