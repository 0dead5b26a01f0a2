"""A pivot table of a unit or of the organisation for one or two periods, with the disclosure
rule applied over every table of their releases; a unit's raw values as long rows. No Flask."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from survey.domain.pivots import (
    AGE,
    GENDER,
    GOALS,
    INTERVENTION,
    LENGTH,
    PLAN,
    UNIT,
    Period,
    PivotSpec,
    groups_from,
    period_sums,
    periods_of_year,
    variable_key,
)
from survey.domain.variables import COUNT, MULTI, NOT_STATED, NUMBER
from survey.domain.vocabulary import GENDERS, INTERVENTION_TYPES
from survey.models import Unit, Variable
from survey.queries.pivots import choice_codes, long_values, newest_variables
from survey.queries.variables import age_schemes, spec_of
from survey.reporting.pivots import (
    ALL,
    Axes,
    PivotTable,
    linked_pattern,
    ordered,
    shown_table,
    tables_of,
)
from survey.services.pivot_cache import PivotCache

SPAN = "span"  # the one period of a viewer who may choose any dates


@dataclass(frozen=True)
class PivotView:
    spec: PivotSpec
    rows: list[str]
    columns: list[str]
    tables: list[tuple[str, PivotTable]]  # (period key or SPAN, table), in the order asked
    variables: dict[str, Variable]  # the newest version of each variable counted
    several: bool  # a dimension counts an episode once per chosen value

    @property
    def hidden(self) -> bool:
        return any(table.hidden for _, table in self.tables)


def _codes(dimension: str, spec: PivotSpec, variables: dict[str, Variable], units: list[Unit],
           scheme_codes: tuple[str, ...]) -> list[str]:
    key = variable_key(dimension)
    if key is not None:
        variable = variables[key]
        if variable.kind in (COUNT, NUMBER):
            return [*(g.code for g in groups_from(spec.number_groups)), NOT_STATED]
        return list(spec_of(variable).codes)
    return {GENDER: list(GENDERS), AGE: list(scheme_codes), UNIT: [str(u.id) for u in units],
            INTERVENTION: [*INTERVENTION_TYPES, NOT_STATED],
            LENGTH: [*(g.code for g in groups_from(spec.length_groups)), NOT_STATED],
            GOALS: ["yes", "no"], PLAN: ["yes", "no"]}[dimension]


def pivot_view(db: Session, spec: PivotSpec, units: list[Unit], min_group: int, *,
               periods: list[Period] = (), span: tuple[date, date] | None = None,
               shown: int | str = ALL, whole_scope: bool = False, exact: bool = False,
               known: tuple[int, ...] = (), cache: PivotCache | None = None) -> PivotView:
    """The tables of ``spec`` over these units for each fixed period (or the one ``span`` of
    dates, for an exact viewer only), of the whole scope or of one unit (``shown``). The pattern
    is computed once over each period's whole year, every unit of the scope (``whole_scope``:
    the organisation, whose units sum to it) and both periods, with the margins every pivot of
    the same dimensions shows (``linked_pattern``), so nothing is recovered by comparing any
    of them. ``known``: the units whose records the viewer may open (their
    figures are hers exactly on the unit's own page). ``cache``: the app's, to keep what was
    read and worked out (else nothing is kept)."""
    cache = cache or PivotCache()
    if span is not None and not exact:
        raise ValueError("arbitrary dates only for a viewer who may open every record")
    keys = [k for k in (variable_key(spec.rows), variable_key(spec.columns)) if k]
    variables = newest_variables(db, keys)
    kinds = {key: variable.kind for key, variable in variables.items()}
    schemes = {scheme.key: scheme for scheme in age_schemes(db)}
    scheme_codes = schemes[spec.scheme].codes if spec.scheme in schemes else (NOT_STATED,)
    unit_ids = [u.id for u in units]
    # An exact viewer's periods are counted each as a whole; anyone else's by month over
    # their whole years, whose months, quarters and year the pattern ties together.
    if span is not None:
        releases = [(span[0], span[1], span[1], SPAN)]
    elif exact:
        releases = [(p.start, p.end, p.length_end, p.key) for p in periods]
    else:
        releases = [(date(year, 1, 1), date(year, 12, 31), Period(year).length_end, None)
                    for year in sorted({p.year for p in periods})]
    every = [p for year in sorted({p.year for p in periods}) for p in periods_of_year(year)]
    wanted = ({key: [key] for *_, key in releases} if exact
              else {p.key: p.months for p in every})
    counted = None if whole_scope else unit_ids  # the organisation: every unit, no filter
    codes = {key: choice_codes(db, key) for key in keys}
    counts = cache.counts(db, counted, spec, releases, kinds, codes, schemes)
    counts["unit_id"] = counts["unit_id"].astype(object)
    rows = ordered(_codes(spec.rows, spec, variables, units, scheme_codes), counts["row"], NOT_STATED)
    columns = ordered(_codes(spec.columns, spec, variables, units, scheme_codes), counts["column"],
                      NOT_STATED)
    in_scope = unit_ids if whole_scope else []
    tables = tables_of(counts, wanted, in_scope, rows, columns)
    sums = [] if exact else [s for year in sorted({p.year for p in periods}) for s in period_sums(year)]
    keyed_sums = [(whole.key, [part.key for part in parts]) for whole, parts in sums]
    axes = Axes(spec.rows, spec.columns, *(variable_key(d) is not None and variables[variable_key(d)].kind == MULTI
                                           for d in (spec.rows, spec.columns)))
    context = (tuple(in_scope), tuple((whole, tuple(parts)) for whole, parts in keyed_sums), min_group,
               exact, known, axes)
    pattern = cache.pattern(tables, context, lambda: {} if exact else (
        linked_pattern(tables, in_scope, keyed_sums, min_group, known, axes)))
    chosen = [SPAN] if span is not None else [p.key for p in periods]
    several = axes.rows_several or axes.columns_several
    return PivotView(spec, rows, columns,
                     [(key, shown_table(tables[(key, shown)], pattern, (key, shown), spec.percentages))
                      for key in chosen], variables, several)


def long_rows(db: Session, unit: Unit) -> tuple[pd.DataFrame, dict[int, Variable]]:
    """One row per client, episode and variable of the unit (a variable of several choices
    gives its codes joined by ``;``): months as ``YYYY-MM``, never days; the variables by id."""
    values = long_values(db, unit.id)
    month = lambda day: day.strftime("%Y-%m") if day is not None and day == day else None  # noqa: E731
    values["value"] = [code if code is not None else (month(day) if day is not None else
                       (None if number != number or number is None else number))
                       for code, number, day in zip(values["option_code"], values["number"], values["day"])]
    grouped = (values.groupby(["client_code", "episode_id", "key", "variable_id"], sort=False,
                              dropna=False)
               .agg(opened_on=("opened_on", "first"), closed_on=("closed_on", "first"),
                    value=("value", lambda v: ";".join(str(x) for x in v) if len(v) > 1 else v.iloc[0]))
               .reset_index())
    grouped["opened_on"] = grouped["opened_on"].map(month)
    grouped["closed_on"] = grouped["closed_on"].map(month)
    ids = [int(i) for i in set(grouped["variable_id"])]
    variables = {v.id: v for v in db.scalars(select(Variable).where(Variable.id.in_(ids))
                                             .options(selectinload(Variable.options)))}
    return grouped, variables
