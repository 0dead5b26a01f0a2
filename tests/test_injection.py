"""Text from questionnaire files and from staff can never inject script into a page, nor a
formula into a file."""
from __future__ import annotations

import csv
import io
import shutil

import openpyxl
import yaml

from survey.app import create_app
from survey.config import BUNDLED_QUESTIONNAIRES, PACKAGE_DIR
from survey.web import tickets

SCRIPT = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_questionnaire_text_is_escaped_on_client_pages(tmp_path, database_url):
    folder = tmp_path / "questionnaires"
    shutil.copytree(BUNDLED_QUESTIONNAIRES, folder)
    path = folder / "ux-housing.v1.yaml"
    data = yaml.safe_load(path.read_text())
    data["title"]["sv"] = SCRIPT
    data["items"][0]["text"]["sv"] = SCRIPT
    data["scales"]["yes-sometimes-no"]["options"][0]["label"]["sv"] = SCRIPT
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    app = create_app({"TESTING": True, "DATABASE_URL": database_url, "SECRET_KEY": "t",
                      "QUESTIONNAIRE_DIR": str(folder)})
    with app.app_context():
        token = tickets.sign(tickets.Ticket(questionnaire_id="ux-housing", questionnaire_version=1,
                                            unit_id=1, language="sv", mode="self", round_id=1))
    client = app.test_client()
    for path in (f"/kiosk/t/{token}", f"/kiosk/t/{token}/answer"):
        page = client.get(path).get_data(as_text=True)
        assert "<script>alert" not in page and "<img src=x" not in page
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page
    app.extensions["survey_engine"].dispose()


def test_a_client_code_typed_by_staff_is_escaped(client, org, login):
    login("anna")
    sent = client.post("/clinic/clients", data={"code": "<b onmouseover=alert(1)>X", "unit": org["units"]["north"].id,
                                                "gender": "man", "age_group": "18-29", "opened_on": "2026-05-01"})
    assert sent.status_code == 302
    page = client.get(sent.location).get_data(as_text=True)
    assert "<b onmouseover" not in page.lower() and "&lt;B ONMOUSEOVER=ALERT(1)&gt;X" in page


FORMULA = '=HYPERLINK("https://evil.example","klicka")'


def _no_formula_in(data: bytes, kind: str) -> list[str]:
    """Cells of a downloaded file that a spreadsheet would run as a formula."""
    if kind == "csv":
        rows = csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))
        return [cell for row in rows for cell in row if cell[:1] in ("=", "+", "@", "\t", "\r")]
    book = openpyxl.load_workbook(io.BytesIO(data))
    return [cell.coordinate for sheet in book.worksheets for row in sheet.iter_rows()
            for cell in row if cell.data_type == "f"
            or (isinstance(cell.value, str) and cell.value.startswith(("=", "+", "@")))]


def test_names_typed_by_staff_never_become_formulas_in_a_file(
        app, client, db, org, login, housing_round, hand_over_round, answer_on_tablet, item_keys):
    home = org["units"]["home"]
    home.name = FORMULA
    org["staff"]["anna"].display_name = "=1+2"
    org["staff"]["cora"].raw_data_access = True  # the follow-up rows need raw-data access
    db.commit()
    ticket = hand_over_round(housing_round.id, home.id)
    answer_on_tablet(ticket, {key: None for key in item_keys("ux-housing")})
    round_files = [(f"/reports/rounds/{housing_round.id}/export.{kind}", kind) for kind in ("xlsx", "csv")]
    login("cora")
    files = [(url, kind, client.post(url)) for url, kind in [
        (f"/reports/rounds/{housing_round.id}/export.xlsx", "xlsx"),
        (f"/reports/rounds/{housing_round.id}/template.xlsx", "xlsx"),
        (f"/reports/units/{home.id}/follow-up.csv", "csv"),
        ("/clinic/results.xlsx?scope=therapists", "xlsx"),
        ("/clinic/results.csv?scope=therapists", "csv")]]
    login("adam")
    files += [(url, kind, client.post(url)) for url, kind in round_files]
    for url, kind, answer in files:
        assert answer.status_code == 200, url
        assert _no_formula_in(answer.data, kind) == [], url
    raw = client.post(round_files[1][0]).data.decode("utf-8-sig")
    assert "'" + FORMULA.replace('"', '""') in raw  # the name is there, as text


def test_every_csv_and_xlsx_is_written_by_the_one_writer():
    """reporting.workbook neutralises formulas; nothing else in the app may write such a file."""
    writers = ("to_csv(", "to_excel(", "ExcelWriter(", "csv.writer(", "xlsxwriter.Workbook(",
               "openpyxl.Workbook(")
    found = [f"{path.relative_to(PACKAGE_DIR)}: {writer}"
             for path in PACKAGE_DIR.rglob("*.py") if path.name != "workbook.py"
             for writer in writers if writer in path.read_text()]
    assert found == []
