"""Reading one cell of a file of records: codes, days, ages, length groups, values by code or
label, each distinct cell read once; a file's table and header."""
from __future__ import annotations

from datetime import date

import pytest

from survey.domain.record_cells import (
    client_code,
    read_age,
    read_day,
    read_length_group,
    read_table,
    remembered,
    variable_reader,
    vocabulary_reader,
)
from survey.domain.spreadsheet import CellError
from survey.domain.variables import OptionSpec, ParsedValue, VariableSpec

HELP = VariableSpec("help", "multi", "intake", {"sv": "Hjälp"}, options=(
    OptionSpec("housing", {"sv": "Boende", "en": "Housing"}), OptionSpec("money", {"sv": "Ekonomi"})))


def _code(read, cell: str) -> str:
    with pytest.raises(CellError) as refused:
        read(cell)
    return refused.value.code


def test_a_client_code_is_upper_case_short_and_never_a_personal_number():
    assert client_code("a-1") == "A-1"
    assert [_code(client_code, cell) for cell in ("", "x" * 41, "19850101-1234", "010185-123A")] == [
        "client-code-required", "client-code-too-long", "client-code-personal-number",
        "client-code-personal-number"]


def test_days_ages_and_length_groups_are_read_or_named_wrong():
    today = date(2026, 6, 1)
    assert read_day("2026-01-05 00:00:00", today) == date(2026, 1, 5) and read_day("", today) is None
    assert [_code(lambda c: read_day(c, today), c) for c in ("5/1/2026", "2026-07-01")] == [
        "not-a-date", "date-in-future"]
    assert (read_age("23"), read_age("23,0"), read_age("")) == (23, 23, None)
    assert [_code(read_age, c) for c in ("23.5", "-1", "tjugo")] == ["not-an-age"] * 3
    assert read_length_group("13+") == "13+"
    assert [_code(read_length_group, c) for c in ("2025-01-01", "ever")] == [
        "length-group-as-date", "unknown-length-group"]


def test_a_value_is_its_code_or_a_label_no_two_codes_share():
    gender = vocabulary_reader("gender", ("woman", "man"), {"gender": {"Kvinna": "woman", " kvinna ": "man"}})
    assert gender("WOMAN") == "woman" and _code(gender, "Kvinna") == "unknown-gender"  # shared: not taken
    read = variable_reader(HELP, {"value": {}})
    assert read("Boende; money") == ParsedValue(codes=("housing", "money"))
    assert read("housing") == read("Housing") and read("") is None
    assert _code(read, "Bil") == "unknown-value"


def test_each_distinct_cell_is_read_once_and_its_error_kept():
    calls = []

    def read(cell):
        calls.append(cell)
        if cell == "bad":
            raise CellError("unknown-value", value=cell)
        return cell.upper()
    once = remembered(read)
    assert [once("a"), once("a")] == ["A", "A"] and _code(once, "bad") == _code(once, "bad") == "unknown-value"
    assert calls == ["a", "bad"]


def test_a_table_is_read_with_its_header_checked():
    sha, rows, positions, problems = read_table(b"client_code,age\nA-1,23\n", "f.csv", ["client_code"], ["age"])
    assert len(sha) == 64 and rows[1] == ["A-1", "23"] and positions == {"client_code": 0, "age": 1}
    assert problems == []
    assert [p.code for p in read_table(b"", "f.csv", ["client_code"], ["age"])[3]] == ["no-header"]
