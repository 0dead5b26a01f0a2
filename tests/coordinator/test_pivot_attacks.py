"""The attacker's test of pivots: an organisation-level coordinator of another unit fetches
every pivot of five dimensions, for the year, its quarters and months, for the organisation
and each unit, and works figures out: a total minus its shown parts within a table, the
organisation minus its units, a year or quarter minus its parts, and a margin shown beside one
dimension against the same margin hidden beside another. Nothing the rule hides may come out.

Her own unit's figures are hers exactly, so they count as known. The truth comes from the same
pivots read exactly (``pivot_view``), the figures she may not see."""
from __future__ import annotations

import itertools
import random
import re
from datetime import date

import pytest
from sqlalchemy import select

from survey.domain.pivots import Period, PivotSpec, periods_of_year
from survey.domain.variables import OptionSpec, VariableSpec, parse_value
from survey.models import Client, Episode, Role, StaffUser, Unit, Variable
from survey.operations import define_variable, record_value
from survey.queries import spec_of
from survey.reporting.pivots import ALL, TOTAL
from survey.services.pivots import pivot_view
from tests.attacker import derive
from tests.conftest import PASSWORD_HASH

YEAR = 2025
DIMENSIONS = ("gender", "age", "unit", "variable:referral", "variable:bridged", "variable:help")
SEVERAL = {"variable:help"}
HIDDEN = ("färre än 5", "dold för att skydda en annan grupp")


@pytest.fixture
def episodes(db, org):
    """Three units' episodes of the year (South team is Olga's own), drawn with a fixed seed:
    genders, ages, intake months and three variables (one of several choices), some of them
    not stated."""
    define_variable(db, VariableSpec("help", "multi", "intake", {"sv": "Hjälp"}, options=(
        OptionSpec("housing", {"sv": "Boende"}), OptionSpec("money", {"sv": "Ekonomi"}))), None)
    variables = {v.key: v for v in db.scalars(select(Variable).where(Variable.key.in_(["referral", "bridged", "help"])))}
    draw = random.Random(17)
    therapist = org["staff"]["anna"]
    for name, size in (("north", 23), ("south", 9), ("home", 14)):
        unit = org["units"][name]
        unit.variables = "referral,bridged,help"
        for number in range(size):
            client = Client(code=f"{name[0].upper()}{number}", unit=unit, therapist=therapist,
                            gender=draw.choice(["woman", "woman", "man", "man", "other"]),
                            age_group="18-29")
            episode = Episode(client=client, therapist=therapist, opened_on=date(YEAR, draw.randint(1, 12), 3),
                              age_at_intake=draw.choice([19, 24, 35, 41, 70, None]))
            db.add(episode)
            db.flush()
            for key, choices in (("referral", ["self", "school", "social-services", None]),
                                 ("bridged", ["yes", "no", None]),
                                 ("help", [["housing"], ["money"], ["housing", "money"], None])):
                value = draw.choice(choices)
                if value is not None:
                    record_value(db, episode, variables[key], parse_value(spec_of(variables[key]), value))
    db.add(StaffUser(username="olga", display_name="Olga", role=Role.COORDINATOR,
                     units=[org["units"]["south"]], organisation_wide=True, password_hash=PASSWORD_HASH))
    db.commit()
    return org


def _tables(page: str) -> dict[str, dict[tuple[str, str], str]]:
    found = {}
    for period, table in re.findall(r'<table [^>]*id="pivot-([^"]+)"[^>]*>(.*?)</table>', page, re.S):
        cells = {}
        for value, row in re.findall(r'<tr data-value="([^"]+)">(.*?)</tr>', table, re.S):
            for column, text in re.findall(r'<td data-column="([^"]+)">(.*?)</td>', row, re.S):
                cells[(value, column)] = re.sub(r"<[^>]+>", "", text.split("<br>")[0]).strip()
        found[period] = cells
    return found


def _key(period: str, scope, pair: tuple[str, str], cell: tuple[str, str]):
    """One figure, the same whichever table shows it: (period, unit or ALL, its conditions). A
    unit's row of the organisation's table is that unit's figure; None: empty by construction
    (another unit's row in a unit's table)."""
    conditions = {d: v for d, v in zip(pair, cell) if v != TOTAL}
    # A total over a dimension of several choices counts values, not episodes: its own figure.
    summed = frozenset(d for d, v in zip(pair, cell) if v == TOTAL and d in SEVERAL)
    if "unit" in conditions:
        unit = conditions.pop("unit")
        if not unit.isdigit() or scope not in (ALL, int(unit)):
            return None  # every episode has a unit: "not stated" is empty too
        unit = int(unit)
        scope = unit
    return period, scope, frozenset(conditions.items()), summed


def _relations(pair, period: str, scope, cells) -> list:
    rows = sorted({r for r, _ in cells} - {TOTAL})
    columns = sorted({c for _, c in cells} - {TOTAL})
    found = [(_key(period, scope, pair, (r, TOTAL)), [_key(period, scope, pair, (r, c)) for c in columns])
             for r in (*rows, TOTAL)]
    found += [(_key(period, scope, pair, (TOTAL, c)), [_key(period, scope, pair, (r, c)) for r in rows])
              for c in (*columns, TOTAL)]
    return [(whole, [p for p in parts if p is not None]) for whole, parts in found if whole is not None]


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)  # the rule is the same on both
def test_no_hidden_pivot_figure_can_be_worked_out(app, client, db, login, episodes):
    units = list(db.scalars(select(Unit).order_by(Unit.name)))
    south = episodes["units"]["south"].id
    periods = [p.key for p in periods_of_year(YEAR)]
    asked = [periods[i:i + 2] for i in range(0, len(periods), 2)]
    login("olga")
    shown, hidden, relations = {}, set(), []
    for pair in itertools.combinations(DIMENSIONS, 2):
        for scope in (ALL, *(u.id for u in units)):
            for chosen in asked:
                query = {"rows": pair[0], "columns": pair[1], "period": chosen[0],
                         "compare": chosen[1] if len(chosen) > 1 else ""}
                if scope is not ALL:
                    query["unit"] = scope
                page = client.get("/reports/organisation/pivot", query_string=query)
                assert page.status_code == 200
                for period, cells in _tables(page.get_data(as_text=True)).items():
                    relations += _relations(pair, period, scope, cells)
                    for cell, text in cells.items():
                        key = _key(period, scope, pair, cell)
                        if key is None:
                            continue
                        if text in HIDDEN:
                            hidden.add(key)
                        else:
                            shown[key] = int(text.replace("\xa0", ""))
    # The sums across scopes and periods, for every figure she has seen or seen hidden.
    for period, scope, *figure in {*shown, *hidden}:
        if scope == ALL:
            relations.append(((period, ALL, *figure), [(period, u.id, *figure) for u in units]))
    for whole, parts in _period_sums():
        for _, scope, *figure in {k for k in {*shown, *hidden} if k[0] == whole}:
            relations.append(((whole, scope, *figure), [(part, scope, *figure) for part in parts]))
    truth = _truth(app, db, units)
    own = {key: value for key, value in truth.items() if key[1] == south}
    assert all(shown[key] == truth[key] for key in shown)  # what she was shown is right
    derived = {key: value for key, (value,) in derive(
        {key: (value,) for key, value in {**shown, **own}.items()}, relations).items()}
    # A figure of the organisation made of her own unit's records alone (the others' empty) is
    # hers to know; any other hidden figure worked out is a leak.
    leaks = {key: derived[key] for key in hidden if key in derived and key[1] != south
             and not (key[1] == ALL and derived[key] == own.get((key[0], south, *key[2:]), 0))}
    assert all(derived[key] == truth[key] for key in leaks)
    assert not leaks, f"{len(leaks)} hidden figures worked out, e.g. {sorted(leaks.items(), key=str)[:3]}"
    assert len(hidden) > 50  # the rule had something to hide


def _period_sums():
    year = Period(YEAR)
    quarters = [Period(YEAR, quarter=q) for q in range(1, 5)]
    yield year.key, [q.key for q in quarters]
    for q in quarters:
        yield q.key, [Period(YEAR, month=m).key for m in range(3 * q.quarter - 2, 3 * q.quarter + 1)]


def _truth(app, db, units) -> dict:
    """Every figure of those pivots, read exactly."""
    truth = {}
    with app.test_request_context():
        for pair in itertools.combinations(DIMENSIONS, 2):
            spec = PivotSpec(*pair)
            for scope in (ALL, *(u.id for u in units)):
                view = pivot_view(db, spec, units, 5, periods=list(periods_of_year(YEAR)),
                                  shown=scope, whole_scope=True, exact=True)
                for period, table in view.tables:
                    for (r, c), value in table.counts.stack().items():
                        key = _key(period, scope, pair, (r, c))
                        if key is not None:
                            truth[key] = int(value)
    return truth
