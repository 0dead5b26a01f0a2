"""Error pages in the reader's language inside the normal layout; the tablet's API keeps
answering its errors in JSON."""
from __future__ import annotations

import io

import pytest

from survey.models import StaffUser


def _as(db, username: str, language: str | None) -> None:
    staff = db.query(StaffUser).filter_by(username=username).one()
    staff.language = language
    db.commit()


@pytest.mark.parametrize("language, heading", [
    ("sv", "Sidan finns inte"), ("nb", "Siden finnes ikke"), ("da", "Siden findes ikke"),
    ("fi", "Sivua ei ole"), ("en", "The page does not exist")])
def test_a_missing_page_is_told_in_the_readers_language_inside_the_layout(
        client, db, org, login, language, heading):
    _as(db, "anna", language)
    login("anna")
    missing = client.get("/clinic/clients/999999")
    page = missing.get_data(as_text=True)
    assert missing.status_code == 404 and missing.mimetype == "text/html"
    assert f'<html lang="{language}"' in page and f"<h1>{heading}</h1>" in page
    assert 'class="logout"' in page  # the normal layout, with the header and its menu


def test_a_forbidden_page_says_why_in_finnish(client, db, org, login):
    _as(db, "anna", "fi")
    login("anna")
    forbidden = client.get("/admin/")
    page = forbidden.get_data(as_text=True)
    assert forbidden.status_code == 403 and "Sinulla ei ole pääsyä tälle sivulle" in page


def test_an_anonymous_reader_gets_the_organisations_default(app, client):
    app.config["DEFAULT_LANGUAGE"] = "nb"
    page = client.get("/no/such/page").get_data(as_text=True)
    assert '<html lang="nb"' in page and "Siden finnes ikke" in page and "Not Found" not in page


def test_a_bad_request_and_a_too_large_file_are_worded(app, client, org, login):
    app.config["WTF_CSRF_ENABLED"] = True
    login_page = client.post("/login", data={"username": "anna", "password": "x"})
    assert login_page.status_code == 400 and "Förfrågan kunde inte läsas" in login_page.get_data(
        as_text=True)
    app.config["WTF_CSRF_ENABLED"] = False
    app.config["MAX_CONTENT_LENGTH"] = 1000
    login("adam")
    large = client.post("/admin/import", data={"kind": "unit", "file": (
        io.BytesIO(b"x" * 5000), "units.csv")})
    assert large.status_code == 413 and "Filen är för stor" in large.get_data(as_text=True)


def test_too_many_logins_are_worded_with_the_limits_headers(app, client, org):
    app.config["LOGIN_LIMIT"] = "2 per minute"
    for _ in range(2):
        client.post("/login", data={"username": "anna", "password": "wrong"})
    limited = client.post("/login", data={"username": "anna", "password": "wrong"})
    assert limited.status_code == 429 and "För många försök" in limited.get_data(as_text=True)


def test_a_server_error_is_worded_and_logged(app, client, org, login):
    def broken():
        raise RuntimeError("a bug")

    app.add_url_rule("/broken", "broken", broken)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    login("anna")
    failed = client.get("/broken")
    page = failed.get_data(as_text=True)
    assert failed.status_code == 500 and "Något gick fel på servern" in page and "a bug" not in page


def test_the_tablets_api_keeps_its_json_errors(client):
    missing = client.get("/kiosk/api/nothing-here")
    assert missing.status_code == 404 and missing.is_json and missing.get_json()["code"] == "malformed"
    too_large = client.post("/kiosk/api/responses", data=b"x" * 300_000,
                            content_type="application/json")
    assert too_large.status_code == 413 and too_large.is_json
