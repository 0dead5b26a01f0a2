"""Reading a file of a review's values: each row matched to one of the review's records by
client code (and start date where the client has several), every cell read as in a file of
records, empty as "not stated", every problem with its row and column."""
from __future__ import annotations

from datetime import date

from survey.domain.review_file import ReviewRecord, parse_review_values, review_columns
from survey.domain.variables import NOT_STATED_VALUE, OptionSpec, ParsedValue, VariableSpec

COORDINATION = VariableSpec("coordination", "choice", "review", {"sv": "Samordning"}, options=(
    OptionSpec("by-us", {"sv": "Av oss"}), OptionSpec("none", {"sv": "Ingen"})))
VISITS = VariableSpec("visits", "count", "review", {"sv": "Besök"})
RECORDS = [ReviewRecord(1, "A-1", date(2025, 3, 1), False), ReviewRecord(2, "A-1", date(2026, 1, 10), False),
           ReviewRecord(3, "B-1", date(2026, 1, 10), True), ReviewRecord(4, "C-1", date(2024, 5, 5), False)]


def _read(*rows: str, header: str = "client_code,opened_on,coordination,visits"):
    return parse_review_values("\n".join([header, *rows]).encode(), "f.csv", (COORDINATION, VISITS),
                               RECORDS, {})


def test_rows_are_matched_by_code_and_start_and_read_by_code_or_label():
    assert review_columns((COORDINATION, VISITS)) == ["client_code", "opened_on", "coordination", "visits"]
    read = _read("A-1,2026-01-10,Av oss,2", "c-1,,,")
    assert read.problems == []
    assert [(r.row, r.episode_id, r.values) for r in read.rows] == [
        (2, 2, {"coordination": ParsedValue(codes=("by-us",)), "visits": ParsedValue(number=2)}),
        (3, 4, {"coordination": NOT_STATED_VALUE, "visits": NOT_STATED_VALUE})]


def test_every_mismatch_is_a_problem_with_row_and_column():
    read = _read("A-1,,,", "X-9,,,", "B-1,,,", "A-1,2025-03-02,,", "A-1,2025-03-01,,-1",
                 "A-1,2025-03-01,,", "C-1,soon,,")
    assert read.rows == []
    assert [(p.row, p.column, p.code) for p in read.problems] == [
        (2, "opened_on", "review-start-required"), (3, "client_code", "not-in-review"),
        (4, "client_code", "already-reviewed"), (5, "opened_on", "not-in-review-on"),
        (6, "visits", "not-a-whole-number"), (7, "client_code", "duplicate-episode"),
        (8, "opened_on", "not-a-date")]


def test_every_review_variable_needs_its_column():
    read = _read("A-1,2025-03-01", header="client_code,opened_on,coordination")
    assert [(p.row, p.column, p.code) for p in read.problems] == [(None, "visits", "missing-column")]
