"""Reading a file of records: every cell checked, the rows against each other and what is
stored, every problem with its row and column."""
from __future__ import annotations

import io
from datetime import date

from openpyxl import Workbook

from survey.domain.record_file import RecordContext, StoredClient, columns, parse_records
from survey.domain.variables import OptionSpec, ParsedValue, VariableSpec

REFERRAL = VariableSpec("referral", "choice", "intake", {"sv": "Remittent"}, options=(
    OptionSpec("self", {"sv": "Klienten själv", "en": "The client themself"}),
    OptionSpec("school", {"sv": "Skolan", "en": "School"})))
HELP = VariableSpec("help", "multi", "intake", {"sv": "Hjälp"}, options=(
    OptionSpec("housing", {"sv": "Boende"}), OptionSpec("money", {"sv": "Ekonomi"})))
BRIDGED = VariableSpec("bridged", "yes-no", "end", {"sv": "Slussad"})
VISITS = VariableSpec("visits", "count", "intake", {"sv": "Besök"})
WORDS = {"gender": {"Kvinna": "woman", "Man": "man"}, "close_reason": {"Planerat": "planned"},
         "value": {"Ja": "yes", "Nej": "no", "Ej angivet": "not-stated"}}


def _context(**changes) -> RecordContext:
    return RecordContext(**{
        "variables": (REFERRAL, HELP, BRIDGED, VISITS), "therapists": {"anna": 1, "bert": 2},
        "default_therapist": None, "clients": {"A-1": StoredClient("woman", frozenset({date(2025, 1, 2)}), True)},
        "today": date(2026, 6, 1), "words": WORDS} | changes)


def _csv(*rows: str, header: str = "client_code,gender,age,opened_on,closed_on,close_reason,"
                                    "therapist,referral,help,bridged,visits") -> bytes:
    return "\n".join([header, *rows]).encode()


def _problems(content: bytes, context: RecordContext | None = None, name: str = "f.csv"):
    return [(p.row, p.column, p.code) for p in parse_records(content, name, context or _context()).problems]


def test_codes_and_labels_in_any_language_are_read():
    parsed = parse_records(_csv(
        "k-9,Kvinna,34,2025-03-01,2025-05-01,Planerat,anna,Skolan,Boende;money,Ja,3",
        "K-10,man,7,2025-03-01,,,bert,the client themself,,Ej angivet,"), "f.csv", _context())
    assert parsed.problems == []
    first, second = parsed.rows
    assert (first.client_code, first.gender, first.age, first.close_reason, first.therapist_id) == (
        "K-9", "woman", 34, "planned", 1)
    assert first.values == {"referral": ParsedValue(codes=("school",)),
                            "help": ParsedValue(codes=("housing", "money")),
                            "bridged": ParsedValue(codes=("yes",)), "visits": ParsedValue(number=3)}
    assert first.survey_age_group == "30-49" and second.survey_age_group == "6-12"
    assert second.values == {"referral": ParsedValue(codes=("self",)),
                             "bridged": ParsedValue(codes=("not-stated",))}  # empty cells: nothing


def test_every_problem_is_named_with_row_and_column_at_once():
    assert _problems(_csv(
        "K-1,alien,200,2025-13-01,,,nobody,moon,Boende;moon,maybe,-1",
        "K-2,woman,30,2025-03-01,2025-02-01,,anna,,,,",
        "K-3,woman,30,,2025-02-01,planned,anna,,,,",
        "19850101-1234,woman,30,2025-01-01,,,anna,,,,")) == [
        (2, "gender", "unknown-gender"), (2, "age", "not-an-age"), (2, "opened_on", "not-a-date"),
        (2, "therapist", "unknown-therapist"), (2, "referral", "unknown-value"),
        (2, "help", "unknown-value"), (2, "bridged", "unknown-value"), (2, "visits", "not-a-whole-number"),
        (3, "closed_on", "closes-before-opening"), (3, "close_reason", "close-reason-required"),
        (4, "opened_on", "start-or-length-required"),
        (5, "client_code", "client-code-personal-number")]


def test_rows_are_checked_against_each_other_and_what_is_stored():
    assert _problems(_csv(
        "A-1,man,40,2025-01-02,2025-02-01,planned,anna,,,,",   # stored as a woman, that day taken
        "A-1,,40,2025-03-02,,,anna,,,,",                        # A-1 has an open episode stored
        "N-1,woman,,2025-01-02,2025-02-01,planned,anna,,,,",    # a new client without an age
        "N-1,man,,2025-01-02,,,anna,,,,",                       # another gender, the same start
        "N-1,,,2025-04-02,,,anna,,,,")) == [                    # a second open episode
        (2, "gender", "gender-differs-stored"), (2, "opened_on", "episode-exists"),
        (3, "closed_on", "episode-open"), (4, "age", "age-required"),
        (5, "gender", "gender-differs"), (5, "opened_on", "duplicate-episode"),
        (6, "closed_on", "episode-open-in-file")]


def test_a_length_group_stands_in_for_the_start_date_and_the_therapist_defaults_to_the_importer():
    parsed = parse_records(_csv("K-1,30,4-6", "K-2,30,13+", header="client_code,age,length_group"),
                           "f.csv", _context(default_therapist=2))
    assert [(r.opened_on, r.length_group, r.therapist_id) for r in parsed.rows] == [
        (None, "4-6", 2), (None, "13+", 2)]
    assert _problems(_csv("K-1,30,2025-04-06", "K-2,30,six", header="client_code,age,length_group")) == [
        (2, "length_group", "length-group-as-date"), (2, "therapist", "therapist-required"),
        (3, "length_group", "unknown-length-group"), (3, "therapist", "therapist-required")]


def test_the_header_is_checked_before_the_rows():
    assert _problems(_csv("K-1,x", header="code,colour")) == [
        (None, "code", "unknown-column"), (None, "colour", "unknown-column"),
        (None, "client_code", "missing-column"), (None, "opened_on", "missing-column")]
    assert _problems(b"") == [(None, None, "no-header")]
    assert _problems(_csv()) == [(None, None, "no-records")]
    assert _problems(b"x", name="f.xls") == [(None, None, "wrong-extension")]


def test_a_workbook_is_read_like_a_csv_file():
    book = Workbook()
    sheet = book.active
    sheet.append(["client_code", "age", "opened_on", "therapist", "visits"])
    sheet.append(["K-1", 30, date(2025, 3, 1), "anna", 4])
    data = io.BytesIO()
    book.save(data)
    (row,) = parse_records(data.getvalue(), "f.xlsx", _context()).rows
    assert (row.age, row.opened_on, row.values) == (30, date(2025, 3, 1), {"visits": ParsedValue(number=4)})


def test_the_columns_are_the_base_ones_then_the_variables():
    assert columns((REFERRAL, BRIDGED))[-3:] == ["therapist", "referral", "bridged"]
