"""Units and staff from a spreadsheet: every problem with its row and column, tree order."""
from __future__ import annotations

import io

import pandas as pd

from survey.domain.org_file import parse_staff, parse_units
from survey.domain.spreadsheet import ImportProblem


def test_units_come_in_tree_order_with_parents_from_the_file_or_the_database():
    content = ("name;kind;parent\nTeam Norr;outpatient;Öppenvård\nÖppenvård;area;\n"
               "Solgården;housing;Boende\n").encode()
    rows, problems = parse_units(content, "units.csv", existing={"Boende"})
    assert problems == []
    assert [row.name for row in rows] == ["Öppenvård", "Solgården", "Team Norr"]


def test_every_unit_problem_is_reported_with_row_and_column():
    content = ("name,kind,parent\nA,area,\nA,area,\n,housing,\nB,castle,A\nC,housing,Nowhere\n"
               "D,area,E\nE,area,D\nBoende,area,\n").encode()
    _, problems = parse_units(content, "units.csv", existing={"Boende"})
    found = {(p.row, p.column) for p in problems}
    assert found == {(3, "name"), (4, "name"), (5, "kind"), (6, "parent"), (7, "parent"),
                     (8, "parent"), (9, "name")}
    kind = next(p for p in problems if p.column == "kind")
    assert (kind.code, kind.params["kind"]) == ("kind-unknown", "castle")


def test_a_missing_column_or_a_wrong_file_is_a_problem_of_the_file():
    assert parse_units(b"name,kind\nA,area\n", "u.csv", set())[1] == [
        ImportProblem(1, "parent", "missing-column")]
    assert parse_units(b"x", "u.txt", set())[1][0].code == "wrong-extension"  # worded on the page


def test_staff_from_xlsx_with_units_and_raw_data_access():
    frame = pd.DataFrame({"username": ["eva", "leo"], "name": ["Eva E", ""],
                          "role": ["coordinator", "Therapist"], "units": ["Team Norr; Solgården", "Team Norr"],
                          "raw_data_access": ["ja", ""]})
    buffer = io.BytesIO()
    frame.to_excel(buffer, index=False)
    rows, problems = parse_staff(buffer.getvalue(), "staff.xlsx", {"Team Norr", "Solgården"}, set())
    assert problems == []
    assert [(r.username, r.display_name, r.role, r.units, r.raw_data_access) for r in rows] == [
        ("eva", "Eva E", "coordinator", ("Team Norr", "Solgården"), True),
        ("leo", "leo", "therapist", ("Team Norr",), False)]


def test_a_staff_file_may_name_reviewers():
    content = "username,name,role,units\nrut,Rut,Reviewer,Team Norr\n".encode()
    rows, problems = parse_staff(content, "staff.csv", {"Team Norr"}, set())
    assert problems == [] and [(r.username, r.role) for r in rows] == [("rut", "reviewer")]


def test_every_staff_problem_is_reported_with_row_and_column():
    content = ("username,name,role,units,raw_data_access\nanna,A,therapist,Team Norr,\n"
               "eva,E,boss,Mars,kanske\neva,E,admin,,\n,X,admin,,\n").encode()
    rows, problems = parse_staff(content, "staff.csv", {"Team Norr"}, {"anna"})
    assert rows == []
    assert {(p.row, p.column) for p in problems} == {
        (2, "username"), (3, "role"), (3, "units"), (3, "raw_data_access"), (4, "username"),
        (5, "username")}
