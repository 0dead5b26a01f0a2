"""The own account page: a staff member chooses the language of the staff pages (or the
organisation's default), and the change is in the audit log."""
from __future__ import annotations

from sqlalchemy import select

from survey.models import AuditEvent


def test_a_staff_member_chooses_their_language(app, client, db, org, login):
    login("anna")
    start = client.get("/clinic/").get_data(as_text=True)
    assert '<a href="/account"' in start  # the name in the header leads to the account
    page = client.get("/account").get_data(as_text=True)
    assert "Organisationens standard är Svenska." in page and 'value="nb">Norsk (bokmål)' in page
    chosen = client.post("/account", data={"language": "fi"}, follow_redirects=True)
    text = chosen.get_data(as_text=True)
    assert '<html lang="fi"' in text and "Kielesi on tallennettu." in text  # said in Finnish
    assert "Kirjaudu ulos" in text and "Logga ut" not in text
    db.expire_all()
    assert org["staff"]["anna"].language == "fi"
    assert '<option selected value="fi">Suomi</option>' in client.get("/account").get_data(as_text=True)


def test_the_organisations_default_follows_the_setting(app, client, db, org, login):
    org["staff"]["anna"].language = "en"
    db.commit()
    app.config["DEFAULT_LANGUAGE"] = "da"
    login("anna")
    back = client.post("/account", data={"language": ""}, follow_redirects=True)
    text = back.get_data(as_text=True)
    assert '<html lang="da"' in text and "Dit sprog er gemt." in text
    assert "Organisationens standard er Dansk." in text
    db.expire_all()
    assert org["staff"]["anna"].language is None
    events = db.scalars(select(AuditEvent.detail).where(AuditEvent.object_type == "staff",
                                                        AuditEvent.action == "update")).all()
    assert events == ["own language default"]


def test_an_unknown_language_is_refused(client, db, org, login):
    login("anna")
    refused = client.post("/account", data={"language": "de"})
    assert refused.status_code == 422 and "Okänt språk: de." in refused.get_data(as_text=True)
    db.expire_all()
    assert org["staff"]["anna"].language is None


def test_the_account_page_needs_a_login_asked_for_in_the_default_language(app, client, org):
    app.config["DEFAULT_LANGUAGE"] = "fi"
    asked = client.get("/account", follow_redirects=True)
    assert asked.request.path == "/login" and "Kirjaudu sisään jatkaaksesi." in asked.get_data(
        as_text=True)
