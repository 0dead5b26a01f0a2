"""Paper survey files: valid CSV and XLSX files read right, and every kind of problem reported."""
from __future__ import annotations

import hashlib
import io
import uuid

import pandas as pd
import pytest

from survey.config import BUNDLED_QUESTIONNAIRES
from survey.domain.instruments import load_catalogue
from survey.domain.paper_file import form_uid, parse_paper_file, row_uid, template_rows
from survey.domain.spreadsheet import ImportProblem

QUESTIONNAIRE = load_catalogue(BUNDLED_QUESTIONNAIRES).get("ux-housing")
KEYS = [item.key for item in QUESTIONNAIRE.items]
HEADER = ["unit", "gender", "age_group", "mode", *KEYS]
UNITS = {"Björkhagen": 1, "Eken": 2}
FIRST_OPTION = {item.key: QUESTIONNAIRE.scale_of(item).option_keys[0] for item in QUESTIONNAIRE.items}


def form(unit="Björkhagen", gender="kvinna", age_group="30-49", mode="själv", **answers) -> list[str]:
    """One respondent's cells; answers are named with underscores, the rest take the first option."""
    chosen = {key.replace("-", "_"): FIRST_OPTION[key] for key in KEYS} | answers
    return [unit, gender, age_group, mode, *(chosen[key.replace("-", "_")] for key in KEYS)]


def csv_file(rows, header=HEADER, sep=",", bom=False, encoding="utf-8") -> bytes:
    text = "\n".join(sep.join(cells) for cells in [header, *rows]) + "\n"
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode(encoding)


def xlsx_file(rows, header=HEADER) -> bytes:
    buffer = io.BytesIO()
    pd.DataFrame(rows, columns=header).to_excel(buffer, index=False, engine="openpyxl")
    return buffer.getvalue()


def parse(content: bytes, filename="answers.csv", questionnaire=QUESTIONNAIRE):
    return parse_paper_file(content, filename, questionnaire, UNITS)


def problems_of(content: bytes, filename="answers.csv") -> list[tuple]:
    """Each problem as (row, column, code, params): the web layer words the code."""
    return [found(problem) for problem in parse(content, filename).problems]


def found(problem: ImportProblem) -> tuple:
    return (problem.row, problem.column, problem.code, problem.params)


MODES = "self, read-aloud, interview, själv, uppläsning, intervju"


MIXED_ROWS = [
    form(decide_free_time="Ja", decide_food=" vet inte / VILL INTE SVARA ", staff_kind="Några",
         afraid_of_anyone="aldrig", get_help=""),
    form(unit=" eken ", gender="Man", age_group="", mode="uppläsning", decide_free_time="Sometimes",
         staff_kind="None", afraid_of_anyone="Often", whom_to_tell="Don't know / don't want to say"),
    form(gender="", age_group="65+", mode="Interview", decide_free_time="no", staff_kind="all",
         feel_safe="Nej"),
]


def check_mixed_rows(parsed) -> None:
    """Also guards against pandas reading the label "None" as a missing value."""
    assert parsed.problems == []
    first, second, third = parsed.rows
    assert [row.row for row in parsed.rows] == [2, 3, 4]
    assert (first.unit_id, first.gender, first.age_group, first.mode) == (1, "woman", "30-49", "self")
    assert first.answers["decide-free-time"] == "yes"
    assert first.answers["decide-food"] == "dont-know"
    assert first.answers["staff-kind"] == "some"
    assert first.answers["afraid-of-anyone"] == "never"
    assert first.answers["get-help"] is None
    assert list(first.answers) == KEYS
    assert (second.unit_id, second.gender, second.age_group, second.mode) == (2, "man", None, "read-aloud")
    assert second.answers["decide-free-time"] == "sometimes"
    assert second.answers["staff-kind"] == "none"
    assert second.answers["afraid-of-anyone"] == "often"
    assert second.answers["whom-to-tell"] == "dont-know"
    assert (third.gender, third.age_group, third.mode) == (None, "65+", "interview")
    assert third.answers["decide-free-time"] == "no"
    assert third.answers["staff-kind"] == "all"
    assert third.answers["feel-safe"] == "no"


@pytest.mark.parametrize("sep", [",", ";"])
@pytest.mark.parametrize("bom", [False, True])
def test_a_valid_csv_reads_keys_and_labels_in_every_language(sep, bom):
    content = csv_file(MIXED_ROWS, sep=sep, bom=bom)
    parsed = parse(content)
    check_mixed_rows(parsed)
    assert parsed.sha256 == hashlib.sha256(content).hexdigest()


def test_a_swedish_excel_csv_in_windows_1252_reads():
    check_mixed_rows(parse(csv_file(MIXED_ROWS, sep=";", encoding="cp1252")))


def test_a_valid_xlsx_reads():
    check_mixed_rows(parse(xlsx_file(MIXED_ROWS), "Answers.XLSX"))


def test_arabic_labels_read():
    parsed = parse(csv_file([form(decide_free_time="نعم", staff_kind="بعضهم")]))
    assert parsed.problems == []
    assert parsed.rows[0].answers["decide-free-time"] == "yes"
    assert parsed.rows[0].answers["staff-kind"] == "some"


@pytest.mark.parametrize("cells, expected", [
    (form(unit="Ekbacken"), ("unit", "unknown-unit",
                             {"value": "Ekbacken", "allowed": "Björkhagen, Eken"})),
    (form(unit=""), ("unit", "unit-required", {})),
    (form(feel_safe="maybe"), ("feel-safe", "unknown-option",
                               {"value": "maybe", "allowed": "yes, sometimes, no, dont-know"})),
    (form(staff_kind="yes"), ("staff-kind", "unknown-option",
                              {"value": "yes", "allowed": "all, some, none, dont-know"})),
    (form(gender="x"), ("gender", "unknown-gender",
                        {"value": "x", "allowed": "woman, man, other, not-stated, kvinna, annat"})),
    (form(age_group="40-50"), ("age_group", "unknown-age-group",
                               {"value": "40-50", "allowed": "0-5, 6-12, 13-17, 18-29, 30-49, 50-64, 65+"})),
    (form(mode=""), ("mode", "mode-required", {"allowed": MODES})),
    (form(mode="Proxy"), ("mode", "proxy-not-allowed", {"allowed": MODES})),
    (form(mode="phone"), ("mode", "unknown-mode", {"value": "phone", "allowed": MODES})),
])
def test_a_bad_cell_is_reported_with_its_row_and_column(cells, expected):
    parsed = parse(csv_file([form(gender="annat"), cells]))
    assert [found(problem) for problem in parsed.problems] == [(3, *expected)]
    assert [row.row for row in parsed.rows] == [2]  # the good row is read, the bad one is not


def test_an_excel_date_in_the_age_group_gets_a_hint():
    (problem,) = parse(xlsx_file([form(age_group="2024-12-06 00:00:00")]), "a.xlsx").problems
    assert problem.code == "age-group-as-date" and problem.params["value"] == "2024-12-06 00:00:00"


def test_a_missing_column_is_reported_once():
    header = [name for name in HEADER if name not in ("whom-to-tell", "mode")]
    rows = [[cell for name, cell in zip(HEADER, form()) if name in header] for _ in range(3)]
    rows[1][0], rows[2][1] = "Eken", "man"
    parsed = parse(csv_file(rows, header=header))
    assert parsed.problems == [ImportProblem(None, "mode", "missing-column"),
                               ImportProblem(None, "whom-to-tell", "missing-column")]
    assert parsed.rows == []  # no row is complete without its columns


def test_an_extra_column_is_refused():
    parsed = parse(csv_file([form() + ["ok"]], header=HEADER + ["comment"]))
    (problem,) = parsed.problems
    assert (problem.column, problem.code) == ("comment", "unknown-column")
    assert problem.params["allowed"].startswith("unit, gender, age_group, mode, decide-free-time, "
                                                "decide-food,")


def test_a_column_twice_and_a_column_without_a_name_are_refused():
    header = HEADER + ["Unit", ""]
    problems = problems_of(csv_file([form() + ["Eken", "x"]], header=header))
    assert problems == [(None, "unit", "duplicate-column", {}), (None, "Q", "unnamed-column", {})]


def test_headers_ignore_case_and_spaces_and_an_empty_trailing_column():
    header = [f" {name.upper()} " for name in HEADER] + [""]
    parsed = parse(csv_file([form() + [""]], header=header, sep=";"))
    assert parsed.problems == []
    assert len(parsed.rows) == 1


def test_a_form_typed_twice_is_a_duplicate_respondent():
    rows = [form(), form(unit="Eken"), form(decide_free_time="Ja", unit="björkhagen", mode="self")]
    parsed = parse(csv_file(rows))
    assert [found(problem) for problem in parsed.problems] == [
        (4, None, "duplicate-respondent", {"row": 2})]
    assert [row.row for row in parsed.rows] == [2, 3]


def test_numbered_forms_with_the_same_answers_are_two_people():
    header = ["form", *HEADER]
    rows = [["1", *form()], ["2", *form()], ["1", *form(unit="Eken")], ["2", *form(gender="man")]]
    parsed = parse(csv_file(rows, header=header))
    # Forms 1 and 2 of Björkhagen are different people with identical answers; form 2 typed
    # again (row 5) is the same paper, whatever was typed; form 1 of Eken is another unit's.
    assert [found(problem) for problem in parsed.problems] == [
        (5, None, "duplicate-respondent", {"row": 3})]
    assert [(row.row, row.form) for row in parsed.rows] == [(2, "1"), (3, "2"), (4, "1")]


def test_a_numbered_form_keeps_its_uid_across_files():
    assert form_uid(7, 3, "12") == form_uid(7, 3, "12")
    assert len({form_uid(7, 3, "12"), form_uid(7, 4, "12"), form_uid(8, 3, "12"), form_uid(7, 3, "13")}) == 4


def test_several_errors_in_one_file_are_all_reported():
    rows = [form(unit="Nowhere", gender="x"), form(mode="proxy"), form(), form(feel_safe="maybe"), form()]
    problems = problems_of(xlsx_file(rows), "answers.xlsx")
    assert [problem[:2] for problem in problems] == [
        (2, "unit"), (2, "gender"), (3, "mode"), (5, "feel-safe"), (6, None)]
    assert problems[-1] == (6, None, "duplicate-respondent", {"row": 4})


def test_blank_rows_are_skipped_and_row_numbers_stay_those_of_the_sheet():
    blank = [""] * len(HEADER)
    rows = [form(), blank, form(unit="Eken", mode="bad"), blank, blank]
    for content, name in ((csv_file(rows), "a.csv"), (xlsx_file(rows), "a.xlsx")):
        parsed = parse(content, name)
        assert [found(problem) for problem in parsed.problems] == [
            (4, "mode", "unknown-mode", {"value": "bad", "allowed": MODES})]
        assert [row.row for row in parsed.rows] == [2]
    content = csv_file([form()]) + b"\n\n,,,\n"  # plain blank lines and commas only, as Excel saves
    assert parse(content).problems == []


def test_a_file_with_only_the_header_is_refused():
    blank = [""] * len(HEADER)
    for content, name in ((csv_file([]), "a.csv"), (xlsx_file([blank]), "a.xlsx")):
        assert problems_of(content, name) == [(None, None, "no-respondents", {})]


def test_an_empty_answer_is_refused_when_the_questionnaire_cannot_be_skipped():
    strict = QUESTIONNAIRE.model_copy(update={"allow_skip": False})
    parsed = parse(csv_file([form(get_help="")]), questionnaire=strict)
    assert [found(problem) for problem in parsed.problems] == [(2, "get-help", "answer-required", {})]


@pytest.mark.parametrize("content, filename, expected", [
    (b"not a workbook", "answers.xlsx", "xlsx-unreadable"),
    (b"unit,gender\nEken,man,extra\n", "answers.csv", "csv-unreadable"),
    (b"", "answers.csv", "no-header"),
    (b"\xff\xfe\x00\x81\x8d", "answers.csv", "csv-unreadable"),
    (None, "answers.csv", "csv-is-xlsx"),
    (b"unit,gender\n", "answers.txt", "wrong-extension"),
    (b"unit,gender\n", "answers.xls", "wrong-extension"),
    (b"unit,gender\n", "answers", "wrong-extension"),
])
def test_an_unreadable_file_is_one_problem_without_row_or_column(content, filename, expected):
    content = xlsx_file([form()]) if content is None else content
    parsed = parse(content, filename)
    (problem,) = parsed.problems
    assert (problem.row, problem.column) == (None, None)
    assert problem.code == expected
    assert parsed.rows == []


def test_row_uid_is_deterministic_and_differs_per_row_and_file():
    digest = hashlib.sha256(b"file").hexdigest()
    assert row_uid(digest, 2) == row_uid(digest, 2)
    assert row_uid(digest, 2) != row_uid(digest, 3)
    assert row_uid(digest, 2) != row_uid(hashlib.sha256(b"other").hexdigest(), 2)
    assert uuid.UUID(row_uid(digest, 2)).version == 5


def test_the_template_has_the_columns_in_order_and_no_rows():
    template = template_rows(QUESTIONNAIRE, "sv", list(UNITS))
    assert list(template.columns) == ["unit", "form", "gender", "age_group", "mode", *KEYS]
    assert template.empty
    with pytest.raises(ValueError):
        template_rows(QUESTIONNAIRE, "de", list(UNITS))


def test_a_filled_in_template_reads_back():
    template = template_rows(QUESTIONNAIRE, "en", list(UNITS))
    filled = pd.concat([template, pd.DataFrame([form()], columns=HEADER).assign(form="17")])
    buffer = io.BytesIO()
    filled.to_excel(buffer, index=False, engine="openpyxl")
    parsed = parse(buffer.getvalue(), "filled.xlsx")
    assert parsed.problems == []
    assert parsed.rows[0].answers == FIRST_OPTION and parsed.rows[0].form == "17"
