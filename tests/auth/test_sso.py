"""Single sign-on against a real OpenID Connect provider (oidc-provider on Node.js, loopback):
the app under a real HTTP server, a ``requests`` session as the browser."""
from __future__ import annotations

import secrets
import threading
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import requests
from sqlalchemy import select
from werkzeug.serving import make_server

from survey.models import AuditEvent, Role, StaffUser
from survey.web import oidc
from tests.oidc.harness import LOGIN_FORM, LOGOUT_FORM, browse, install, start_provider

SECRET = secrets.token_hex(16)
ACCOUNTS = [
    {"sub": "u-adam", "preferred_username": "adam", "name": "Adam", "groups": ["staff"]},
    {"sub": "u-anna", "preferred_username": "anna", "name": "Anna", "groups": ["coordinators"]},
    {"sub": "u-olle", "preferred_username": "olle", "name": "Olle Okänd", "groups": ["staff"]},
]
# One registered client per way the provider behaves: honest, an expired ID token, a forged one.
CLIENTS = {"survey": None, "survey-expired": {"idTokenExpiredBy": 600},
           "survey-forged": {"forgeIdTokenSignature": True}}


class _Slot:
    """The WSGI app a server runs; each test plugs in its own app (its own database)."""
    app = None

    def __call__(self, environ, start_response):
        return self.app(environ, start_response)


@pytest.fixture(scope="session")
def identity(tmp_path_factory):
    """The provider and one app server per client, bound before it starts (their URLs are its
    registered redirect URIs)."""
    install()
    servers = {}
    for client_id in CLIENTS:
        slot = _Slot()
        server = make_server("127.0.0.1", 0, slot, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers[client_id] = (server, slot, f"http://127.0.0.1:{server.server_port}")
    clients = []
    for client_id, knobs in CLIENTS.items():
        base = servers[client_id][2]
        clients.append({"client_id": client_id, "client_secret": SECRET,
                        "redirect_uris": [base + "/login/sso/callback"],
                        "post_logout_redirect_uris": [base + "/login"],
                        **({"x_test": knobs} if knobs else {})})
    provider = start_provider({"clients": clients, "accounts": ACCOUNTS},
                              tmp_path_factory.mktemp("oidc"))
    yield provider, servers
    provider.stop()
    for server, _, _ in servers.values():
        server.shutdown()


@pytest.fixture
def sso(identity, app, org):
    """``sso(client_id="survey", **config)``: the test's app behind the server of that client,
    signing in through the provider; returns the app's base URL."""
    provider, servers = identity

    def serve(client_id: str = "survey", **config) -> str:
        _, slot, base = servers[client_id]
        app.config.update(OIDC_ISSUER=provider.issuer, OIDC_CLIENT_ID=client_id,
                          OIDC_CLIENT_SECRET=SECRET, BASE_URL=base, **config)
        oidc.init_app(app)
        slot.app = app
        return base

    return serve


def sign_in(base: str, account: str):
    browser = requests.Session()
    response, hops = browse(browser, base + "/login/sso", login={"login": account})
    return browser, response, hops


def _events(db, action: str) -> list[str]:
    db.expire_all()
    return list(db.scalars(select(AuditEvent.detail).where(AuditEvent.action == action)))


def test_a_known_admin_signs_in_through_the_provider(sso, db):
    base = sso()
    browser, page, hops = sign_in(base, "adam")
    assert page.status_code == 200 and page.url == base + "/admin/", hops
    assert "Administration" in page.text
    authorize = parse_qs(urlsplit(next(h for h in hops if "/auth?" in h)).query)
    assert authorize["code_challenge_method"] == ["S256"] and authorize["nonce"]
    assert "single sign-on" in _events(db, "login")


def test_logout_ends_the_app_and_the_provider_session(sso, identity):
    base = sso()
    browser, page, _ = sign_in(base, "adam")
    assert page.url == base + "/admin/"
    out = browser.post(base + "/logout", allow_redirects=False)
    end = out.headers["Location"]
    assert end.startswith(identity[0].issuer + "/session/end?")
    assert parse_qs(urlsplit(end).query)["post_logout_redirect_uri"] == [base + "/login"]
    assert browser.get(base + "/admin/", allow_redirects=False).status_code == 302
    confirm = browser.get(end)
    action, xsrf = LOGOUT_FORM.search(confirm.text).groups()
    back = browser.post(action, data={"xsrf": xsrf, "logout": "yes"}, allow_redirects=False)
    assert back.headers["Location"].startswith(base + "/login")
    # The provider forgot the person: signing in again asks for the account.
    again, _ = browse(browser, base + "/login/sso")
    assert LOGIN_FORM.search(again.text)


def test_a_person_unknown_to_the_product_is_refused(sso, db):
    base = sso()
    browser, page, _ = sign_in(base, "olle")
    assert page.status_code == 401 and "inte upplagd" in page.text
    assert browser.get(base + "/admin/", allow_redirects=False).status_code == 302
    assert "single sign-on: unknown 'olle'" in _events(db, "login-refused")


def test_a_disabled_account_is_refused(sso, db, org):
    org["staff"]["adam"].active = False
    db.commit()
    browser, page, _ = sign_in(sso(), "adam")
    assert page.status_code == 401 and "avstängt" in page.text
    assert browser.get(urljoin(page.url, "/admin/"), allow_redirects=False).status_code == 302


@pytest.mark.parametrize("client_id", ["survey-expired", "survey-forged"])
def test_an_expired_or_forged_id_token_is_refused(sso, client_id, db):
    base = sso(client_id)
    browser, page, hops = sign_in(base, "adam")
    assert page.status_code == 401 and "misslyckades" in page.text, hops
    assert browser.get(base + "/admin/", allow_redirects=False).status_code == 302
    assert _events(db, "login") == []


def test_roles_can_come_from_a_groups_claim(sso, db, org):
    base = sso(OIDC_ROLE_GROUPS="coordinators=coordinator,admins=admin")
    org["staff"]["anna"].role = Role.THERAPIST
    db.commit()
    browser, page, _ = sign_in(base, "anna")
    assert page.url == base + "/reports/"
    db.expire_all()
    assert db.scalar(select(StaffUser.role).where(StaffUser.username == "anna")) is Role.COORDINATOR


def test_local_passwords_can_be_turned_off(sso, client, password):
    sso(LOCAL_PASSWORDS=False)
    response = client.post("/login", data={"username": "adam", "password": password})
    assert response.status_code == 401 and "identitetstjänsten" in response.get_data(as_text=True)
