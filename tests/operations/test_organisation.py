"""The organisation's tree of units and the file imports: all rows or none."""
from __future__ import annotations

import pytest

from survey.models import StaffUser, Unit
from survey.operations import (
    OrganisationError,
    create_unit,
    import_staff,
    import_units,
    set_unit_active,
    update_unit,
)


def test_a_unit_never_goes_under_itself_and_names_are_unique(db, org):
    area = create_unit(db, "Öppenvård", "area")
    north = org["units"]["north"]
    update_unit(db, north, "North team", "outpatient", area)
    assert north.report_group == "Öppenvård" and [u.name for u in north.path] == ["Öppenvård", "North team"]
    with pytest.raises(OrganisationError, match="unit-under-itself"):
        update_unit(db, area, "Öppenvård", "area", north)
    with pytest.raises(OrganisationError, match="unit-name-taken"):
        create_unit(db, "South team", "outpatient")
    with pytest.raises(OrganisationError, match="unit-kind-unknown"):
        create_unit(db, "Slottet", "castle")


def test_an_area_is_turned_off_only_after_its_units(db, org):
    area = create_unit(db, "Öppenvård", "area")
    org["units"]["north"].parent = area
    with pytest.raises(OrganisationError):
        set_unit_active(db, area, False)
    set_unit_active(db, org["units"]["north"], False)
    set_unit_active(db, area, False)
    assert not area.active


def test_an_inactive_unit_takes_no_new_round_client_or_staff(db, org, app):
    from datetime import date

    from survey.models import Role
    from survey.operations import (
        ClinicError,
        RoundError,
        RoundPlan,
        StaffError,
        create_round,
        create_staff,
        register_client,
    )

    north = org["units"]["north"]
    set_unit_active(db, north, False)
    questionnaire = app.extensions["survey_catalogue"].get("ux-housing", 1)
    with pytest.raises(RoundError) as refused:
        create_round(db, RoundPlan(questionnaire, 2026, None, None, [(north, 10)]))
    assert [(p.code, p.params) for p in refused.value.problems] == [
        ("unit-inactive", {"unit": "North team"})]
    with pytest.raises(ClinicError, match="closed"):
        register_client(db, org["staff"]["anna"], north, "N-9", "woman", "30-49", date(2026, 3, 1))
    with pytest.raises(StaffError, match="unit-inactive"):
        create_staff(db, "nya", "Nya", Role.THERAPIST, [north])


def test_an_import_with_one_bad_row_stores_nothing(db, org, count):
    before = count(Unit)
    outcome = import_units(db, b"name,kind,parent\nArea X,area,\nTeam X,outpatient,Area X\nTeam Y,ufo,\n",
                           "units.csv")
    assert [(p.row, p.column) for p in outcome.problems] == [(4, "kind")]
    db.rollback()
    assert count(Unit) == before


def test_units_then_staff_import_builds_an_organisation(db, org, count):
    units = import_units(db, b"name,kind,parent\nTeam X,outpatient,Area X\nArea X,area,\n", "u.csv")
    staff = import_staff(db, b"username,name,role,units\nxena,Xena,therapist,Team X;North team\n", "s.csv")
    db.commit()
    assert (units.created, units.problems, staff.created, staff.problems) == (2, [], 1, [])
    xena = db.query(StaffUser).filter_by(username="xena").one()
    assert sorted(u.name for u in xena.units) == ["North team", "Team X"]
    assert xena.units[0].report_group in {"Area X", "North team"}
    assert not xena.check_password("") and not xena.check_password("!")
