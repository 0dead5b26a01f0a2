"""Text from questionnaire files and from staff can never inject script into a page."""
from __future__ import annotations

import shutil

import yaml

from survey.app import create_app
from survey.config import BUNDLED_QUESTIONNAIRES
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
