"""Defining, revising, retiring and ordering variables; recording an episode's values (one, or
all or none), the end reason at a close, and the starter set."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import func, select

from survey.domain.variables import NOT_STATED, OptionSpec, VariableSpec
from survey.models import AgeSchemeRow, RecordedValue, Variable
from survey.operations import (
    DefinitionError,
    VariableError,
    close_episode,
    define_variable,
    install_starter_set,
    order_variables,
    parsed,
    record_value,
    record_values,
    retire_variable,
    revise_variable,
)
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


DEBTS = VariableSpec("debts", "choice", "intake", {"sv": "Skulder", "en": "Debts"}, options=(
    OptionSpec("none", {"sv": "Inga"}), OptionSpec("some", {"sv": "Några", "en": "Some"})))


def test_a_definition_is_refused_with_every_problem_at_once(db, org):
    bad = VariableSpec("Debts!", "choice", "sometimes", {"sv": " "}, options=(
        OptionSpec("a", {"sv": "A"}), OptionSpec("a", {}), OptionSpec(NOT_STATED, {"sv": "?"})))
    with pytest.raises(DefinitionError) as raised:
        define_variable(db, bad, None)
    assert [p.code for p in raised.value.problems] == [
        "variable-key", "variable-phase", "variable-name", "variable-duplicate-option",
        "variable-option-label"]
    with pytest.raises(DefinitionError) as raised:
        define_variable(db, replace(DEBTS, key="housing"), None)
    assert [p.code for p in raised.value.problems] == ["variable-key-taken"]
    # "Not stated" is every variable's own: never stored as one of its options.
    made = define_variable(db, replace(DEBTS, options=(*DEBTS.options, OptionSpec(NOT_STATED, {"sv": "?"}))), None)
    assert [o.code for o in made.options] == ["none", "some"]


def test_a_variable_is_defined_revised_retired_and_ordered(db, org):
    north = org["units"]["north"]
    debts = define_variable(db, DEBTS, north.id, org["staff"]["cora"].id)
    assert (debts.version, debts.unit_id, [o.code for o in debts.options]) == (1, north.id, ["none", "some"])
    assert current_variables(db, north)[-1] is debts
    episode = org["clients"]["A-1"].episodes[0]
    record_value(db, episode, debts, parsed(debts, "some"))
    revised = revise_variable(db, debts, replace(DEBTS, key="ignored", options=(
        *DEBTS.options[1:], OptionSpec("many", {"sv": "Många"}))))
    assert (revised.key, revised.version, revised.position, debts.retired) == ("debts", 2, debts.position, True)
    # The value recorded on version 1 still points at it, with its words.
    (stored,) = episode_values(db, episode.id)["debts"]
    assert (stored.variable_id, stored.variable.options[1].labels) == (debts.id, {"sv": "Några", "en": "Some"})
    with pytest.raises(VariableError) as raised:
        revise_variable(db, debts, DEBTS)
    assert raised.value.code == "variable-retired"
    # "none" was dropped by version 2: it cannot come back (to mean something else).
    with pytest.raises(DefinitionError) as raised:
        revise_variable(db, revised, DEBTS)
    assert [(p.code, p.params["option"]) for p in raised.value.problems] == [("variable-option-code-used", "none")]
    north.variables = "housing,bridged"
    order_variables(db, [revised, *current_variables(db, north)[:2]])
    assert [v.key for v in current_variables(db, north)] == ["debts", "housing", "bridged"]
    retire_variable(db, revised)
    assert [v.key for v in current_variables(db, north)] == ["housing", "bridged"]


def test_an_episodes_values_are_stored_all_or_none(db, org):
    episode = org["clients"]["A-1"].episodes[0]
    housing, visits, bridged = (_variable(db, key) for key in ("housing", "home_visits", "bridged"))
    with pytest.raises(DefinitionError) as raised:
        record_values(db, episode, [(housing, "homeless"), (visits, "-1"), (bridged, "maybe")])
    assert [(p.code, p.params["variable"]) for p in raised.value.problems] == [
        ("not-a-whole-number", "home_visits"), ("unknown-option", "bridged")]
    assert episode_values(db, episode.id) == {}
    record_values(db, episode, [(housing, "homeless"), (visits, "2"), (bridged, None)])
    assert {key: [v.option_code or v.number for v in found]
            for key, found in episode_values(db, episode.id).items()} == {
        "housing": ["homeless"], "home_visits": [2], "bridged": [NOT_STATED]}


def test_closing_an_episode_records_the_end_reason_only_where_the_unit_records_it(db, org):
    north = org["units"]["north"]
    first, second = (org["clients"][code].episodes[0] for code in ("A-1", "B-1"))
    close_episode(db, first, "moved", date(2026, 2, 1))
    assert episode_values(db, first.id) == {}
    north.variables = "end_reason"
    close_episode(db, second, "planned", date(2026, 2, 1))
    assert [v.option_code for v in episode_values(db, second.id)["end_reason"]] == ["planned"]
