"""Recording a defined variable's value, and the starter set."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from survey.models import AgeSchemeRow, RecordedValue, Variable
from survey.operations import VariableError, install_starter_set, parsed, record_value
from survey.queries import age_schemes, current_variables, episode_values


def _variable(db, key) -> Variable:
    return db.scalars(select(Variable).where(Variable.key == key)).one()


def test_the_starter_set_is_installed_once(db, org):
    install_starter_set(db)
    assert db.scalar(select(func.count()).select_from(Variable)) == len(
        set(db.scalars(select(Variable.key))))
    assert [s.key for s in age_schemes(db)][:1] == ["survey"]
    assert db.scalar(select(func.count()).select_from(AgeSchemeRow)) == 4


def test_a_unit_records_the_organisations_variables_it_switched_on(db, org):
    north = org["units"]["north"]
    north.variables = "housing,bridged"
    assert [v.key for v in current_variables(db, north)] == ["housing", "bridged"]
    assert [v.key for v in current_variables(db, north, phases=["end"])] == ["bridged"]
    assert len(current_variables(db)) > 2


def test_a_new_value_replaces_the_old_and_several_choices_are_rows(db, org):
    episode = org["clients"]["A-1"].episodes[0]
    housing = _variable(db, "housing")
    record_value(db, episode, housing, parsed(housing, "own-home"))
    record_value(db, episode, housing, parsed(housing, "homeless"))
    assert [v.option_code for v in episode_values(db, episode.id)["housing"]] == ["homeless"]
    record_value(db, episode, housing, parsed(housing, ""))
    assert [v.option_code for v in episode_values(db, episode.id)["housing"]] == ["not-stated"]
    visits = _variable(db, "home_visits")
    record_value(db, episode, visits, parsed(visits, "4"), review_id=None)
    assert episode_values(db, episode.id)["home_visits"][0].number == 4
    assert db.scalar(select(func.count()).select_from(RecordedValue)) == 2


def test_a_value_the_variable_does_not_have_is_refused_with_its_code(db, org):
    housing = _variable(db, "housing")
    with pytest.raises(VariableError) as raised:
        parsed(housing, "castle")
    assert (raised.value.code, raised.value.params) == (
        "unknown-option", {"variable": "housing", "value": "castle"})
