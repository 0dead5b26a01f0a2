"""A round's files: importing paper answers (all rows or none, never the same file twice), the
paper template."""
from __future__ import annotations

import io
import zipfile

from openpyxl import load_workbook

from survey.models import ImportBatch, Response, RoundStatus


def test_the_same_file_is_not_imported_twice(
        client, org, login, paper_round, paper_csv, upload_paper, count):
    login("cora")
    content = paper_csv()
    assert upload_paper(paper_round.id, content).status_code == 302
    again = upload_paper(paper_round.id, content)
    assert again.status_code == 409 and "redan inlagd" in again.get_data(as_text=True)
    # A corrected copy with one more form: the numbered forms already in are not stored again.
    corrected = paper_csv(paper_csv.rows + [("Big home", "man", "no")])
    assert upload_paper(paper_round.id, corrected, "paper-v2.csv").status_code == 302
    assert count(Response) == 24
    assert count(ImportBatch) == 2


def test_a_broken_file_stores_nothing_and_names_every_error(
        client, org, login, paper_round, item_keys, upload_paper, count):
    login("cora")
    keys = item_keys("ux-housing")
    header = ["unit", "gender", "age_group", "mode", *keys[:-1]]  # the last question is missing
    blank = [""] * (len(keys) - 2)
    lines = [header,
             ["Sunny home", "woman", "30-49", "self", "yes", *blank],
             ["Moon home", "woman", "30-49", "self", "yes", *blank],      # unknown unit
             ["Sunny home", "man", "30-49", "self", "maybe", *blank],     # unknown option
             ["Sunny home", "woman", "30-49", "self", "yes", *blank]]     # same as row 2
    content = "\n".join(",".join(line) for line in lines).encode()
    sent = upload_paper(paper_round.id, content)
    text = sent.get_data(as_text=True)
    assert sent.status_code == 422
    for expected in (f"Kolumn {keys[-1]}: kolumnen saknas", "Rad 3, kolumn unit: okänd enhet",
                     "Rad 4, kolumn " + keys[0], "maybe", "Rad 5: samma svarande som rad 2"):
        assert expected in text, expected
    assert count(Response) == 0
    assert count(ImportBatch) == 0


def test_a_closed_round_takes_no_paper_answers(
        db, org, login, paper_round, paper_csv, upload_paper, count):
    paper_round.status = RoundStatus.CLOSED
    db.commit()
    login("cora")
    sent = upload_paper(paper_round.id, paper_csv(paper_csv.rows[:5]))
    assert sent.status_code == 422 and "inte öppen" in sent.get_data(as_text=True)
    assert count(Response) == 0


def test_the_template_has_the_columns_an_import_expects(client, org, login, paper_round, item_keys):
    login("cora")
    book = load_workbook(io.BytesIO(client.post(f"/reports/rounds/{paper_round.id}/template.xlsx").data))
    header = next(book["Svar"].iter_rows(values_only=True))
    keys = item_keys("ux-housing")
    assert list(header) == ["unit", "form", "gender", "age_group", "mode", *keys]


def test_a_file_full_of_problems_lists_the_first_hundred_and_counts_the_rest(
        client, org, login, paper_round, item_keys, upload_paper, count):
    login("cora")
    keys = item_keys("ux-housing")
    header = ",".join(["unit", "gender", "age_group", "mode", *keys])
    wrong = ",".join(["woman", "30-49", "self", *[""] * len(keys)])  # one problem a row: the unit
    content = "\n".join([header] + [f"Moon {number},{wrong}" for number in range(30_000)]).encode()
    assert len(content) < 5 * 1024 * 1024
    sent = upload_paper(paper_round.id, content)
    page = sent.get_data(as_text=True)
    assert sent.status_code == 422 and page.count("<li>") == 100
    assert "och 29900 problem till" in page and len(page) < 100_000
    assert count(Response) == 0


def _workbook_of_cells(cells: int) -> bytes:
    """A small XLSX whose one sheet holds ``cells`` empty cells (a few bytes each, zipped)."""
    rows = "".join(f'<row r="{r}">' + "<c/>" * 1000 + "</row>" for r in range(1, cells // 1000 + 1))
    sheet = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxml'
             f'formats.org/spreadsheetml/2006/main"><sheetData>{rows}</sheetData></worksheet>')
    parts = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Svar" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": sheet,
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def test_a_workbook_with_too_many_cells_is_refused_before_it_is_parsed(
        client, org, login, paper_round, upload_paper, count):
    login("cora")
    content = _workbook_of_cells(1_000_000)
    assert len(content) < 200_000  # a million cells in a small upload
    sent = upload_paper(paper_round.id, content, name="paper.xlsx")
    assert sent.status_code == 422 and "1\xa0000\xa0000 celler; högst 250\xa0000" in sent.get_data(as_text=True)
    assert count(Response) == 0


def test_a_workbook_that_unpacks_too_large_is_refused(client, org, login, paper_round,
                                                      upload_paper):
    login("cora")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", " " * (30 * 1024 * 1024))
    sent = upload_paper(paper_round.id, buffer.getvalue(), name="paper.xlsx")
    assert sent.status_code == 422 and "för stor uppackad" in sent.get_data(as_text=True)


def test_a_whole_import_is_undone_while_the_round_is_open(
        client, db, org, login, paper_round, paper_csv, upload_paper, count):
    from sqlalchemy import select

    from survey.models import AuditEvent
    login("cora")
    assert upload_paper(paper_round.id, paper_csv()).status_code == 302
    raw = client.post(f"/reports/rounds/{paper_round.id}/export.xlsx")
    assert raw.status_code == 200
    batch = db.scalar(select(ImportBatch.id))
    page = client.get(f"/reports/rounds/{paper_round.id}/import").get_data(as_text=True)
    assert "Ta bort importen" in page and "paper.csv" in page
    undone = client.post(f"/reports/rounds/{paper_round.id}/imports/{batch}/undo")
    assert undone.status_code == 302
    assert count(Response) == 0 and count(ImportBatch) == 0
    assert db.scalar(select(AuditEvent.detail).where(AuditEvent.action == "undo-import")) == (
        "23 paper responses of paper.csv")
    # The same file can come in again; once the round is closed it stays.
    assert upload_paper(paper_round.id, paper_csv()).status_code == 302
    paper_round.status = RoundStatus.CLOSED
    db.commit()
    batch = db.scalar(select(ImportBatch.id))
    refused = client.post(f"/reports/rounds/{paper_round.id}/imports/{batch}/undo", follow_redirects=True)
    assert "medan omgången är öppen" in refused.get_data(as_text=True) and count(Response) == 23


def test_raw_answers_say_which_came_from_paper_and_in_which_import(
        client, db, org, login, paper_round, paper_csv, upload_paper):
    import csv
    org["staff"]["cora"].raw_data_access = True
    db.commit()
    login("cora")
    assert upload_paper(paper_round.id, paper_csv()).status_code == 302
    rows = list(csv.DictReader(io.StringIO(client.post(
        f"/reports/rounds/{paper_round.id}/export.csv").get_data(as_text=True).lstrip("\ufeff"))))
    assert {(r["source"], r["import_batch"]) for r in rows} == {("paper", "1")}
