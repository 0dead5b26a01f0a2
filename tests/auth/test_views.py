"""Staff accounts: a password change."""
from __future__ import annotations


def test_a_staff_member_changes_their_password(client, db, org, login, password):
    login("anna")
    wrong = client.post("/account/password", data={"current": "nope", "new": "a brand new phrase", "repeat": "a brand new phrase"})
    assert wrong.status_code == 422 and "Fel lösenord" in wrong.get_data(as_text=True)
    short = client.post("/account/password", data={"current": password, "new": "short", "repeat": "short"})
    assert short.status_code == 422
    changed = client.post("/account/password", data={"current": password, "new": "a brand new phrase", "repeat": "a brand new phrase"})
    assert changed.status_code == 302
    client.post("/logout")
    assert client.post("/login", data={"username": "anna", "password": password}).status_code == 401
    assert client.post("/login", data={"username": "anna", "password": "a brand new phrase"}).status_code == 302
