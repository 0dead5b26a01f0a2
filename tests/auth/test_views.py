"""Staff accounts: a password change, logins and how sessions end."""
from __future__ import annotations

import time
from datetime import timedelta

import limits.storage.memory
import limits.strategies
import pytest

from survey.models import org as org_models
from survey.operations import staff
from survey.web import login as login_module


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


# --- Sessions end: logout, password change, disabling, the absolute lifetime -----------------

def test_an_old_session_cookie_stops_working_after_logout(app, client, org, login):
    login("anna")
    copied = client.get_cookie("session").value  # e.g. kept by someone at the same computer
    client.post("/logout")
    thief = app.test_client()
    thief.set_cookie("session", copied)
    assert thief.get("/clinic/").status_code == 302


def test_a_password_change_ends_the_other_sessions_and_keeps_this_one(app, client, org, login,
                                                                       password):
    other = app.test_client()
    assert other.post("/login", data={"username": "anna", "password": password}).status_code == 302
    login("anna")
    changed = client.post("/account/password", data={
        "current": password, "new": "a brand new phrase", "repeat": "a brand new phrase"})
    assert changed.status_code == 302
    assert client.get("/clinic/").status_code == 200
    assert other.get("/clinic/").status_code == 302


@pytest.mark.parametrize("weak, reason", [
    ("aaaaaaaaaaaa", "minst 5 olika tecken"), ("qwerty123456", "för vanligt"),
    ("1q2w3e4r5t6y", "för vanligt")])
def test_the_password_form_refuses_common_and_trivial_passwords(client, db, org, login, password,
                                                                 weak, reason):
    login("anna")
    refused = client.post("/account/password", data={"current": password, "new": weak,
                                                      "repeat": weak})
    assert refused.status_code == 422 and reason in refused.get_data(as_text=True)
    db.expire_all()
    assert org["staff"]["anna"].check_password(password)


class _Clock:
    """A clock the test moves on, so that a busy machine's slowness never counts."""

    def __init__(self):
        self.now = time.time()

    def time(self) -> float:
        return self.now


def test_a_session_ends_at_the_absolute_lifetime_however_busy(app, client, org, login, monkeypatch):
    app.config["SESSION_MAX_LIFETIME"] = timedelta(hours=10)
    clock = _Clock()
    monkeypatch.setattr(login_module, "time", clock)
    login("anna")
    for _ in range(3):  # used every three hours: the idle timeout never strikes
        assert client.get("/clinic/").status_code == 200
        clock.now += 3 * 3600
    clock.now += 0.9 * 3600
    assert client.get("/clinic/").status_code == 200  # 9 h 54 min
    clock.now += 0.2 * 3600
    assert client.get("/clinic/").status_code == 302


# --- Logins: no timing difference for unknown names; limits per account and per address -----

def test_an_unknown_username_costs_a_password_hash_check_too(client, org, monkeypatch):
    checked = []
    real = staff.check_password_hash
    monkeypatch.setattr(staff, "check_password_hash",
                        lambda stored, given: checked.append(given) or real(stored, given))
    monkeypatch.setattr(org_models, "check_password_hash",
                        lambda stored, given: checked.append(given) or real(stored, given))
    assert client.post("/login", data={"username": "nobody", "password": "guess 1"}).status_code == 401
    assert client.post("/login", data={"username": "anna", "password": "guess 2"}).status_code == 401
    assert checked == ["guess 1", "guess 2"]


def test_failures_behind_one_address_do_not_lock_out_others_there(app, client, org, password):
    for username in ("bert", "sven", "cora") * 4:  # colleagues behind the office's NAT mistype
        assert client.post("/login", data={"username": username, "password": "wrong"}).status_code == 401
    assert client.post("/login", data={"username": "anna", "password": password}).status_code == 302


def test_failures_on_one_account_pause_it_from_every_address(app, client, org, password, monkeypatch):
    app.config["LOGIN_ACCOUNT_LIMIT"] = "5 per 1 minute"
    for number in range(5):
        wrong = client.post("/login", data={"username": "bert", "password": "wrong"},
                            environ_base={"REMOTE_ADDR": f"10.0.0.{number}"})
        assert wrong.status_code == 401
    elsewhere = app.test_client()
    paused = elsewhere.post("/login", data={"username": "Bert", "password": password},
                            environ_base={"REMOTE_ADDR": "10.9.9.9"})
    assert paused.status_code == 429 and "Vänta några minuter" in paused.get_data(as_text=True)
    clock = _Clock()  # a pause, not a permanent lock: a minute later, the limiter's clock
    clock.now += 61
    monkeypatch.setattr(limits.storage.memory, "time", clock)
    monkeypatch.setattr(limits.strategies, "time", clock)
    assert elsewhere.post("/login", data={"username": "bert", "password": password},
                          environ_base={"REMOTE_ADDR": "10.9.9.9"}).status_code == 302
