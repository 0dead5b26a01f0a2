"""OpenID Connect sign-in through Authlib: the identity provider's client, configured from
``SURVEY_OIDC_*``. On only when an issuer is set; the provider's metadata is read at the first
sign-in, so the app starts while the provider is down."""
from __future__ import annotations

from authlib.integrations.flask_client import OAuth
from flask import Flask, current_app

SCOPE = "openid profile email groups"


def init_app(app: Flask) -> None:
    if not app.config.get("OIDC_ISSUER"):
        return
    oauth = OAuth(app)
    oauth.register(
        "oidc",
        client_id=app.config["OIDC_CLIENT_ID"],
        client_secret=app.config["OIDC_CLIENT_SECRET"],
        server_metadata_url=app.config["OIDC_ISSUER"] + "/.well-known/openid-configuration",
        client_kwargs={"scope": SCOPE, "code_challenge_method": "S256"},
    )
    app.extensions["survey_oidc"] = oauth.oidc


def client():
    """The provider's client, or None when single sign-on is off."""
    return current_app.extensions.get("survey_oidc")


def role_groups(setting: str) -> dict[str, str]:
    """``SURVEY_OIDC_ROLE_GROUPS`` ("group=role,group=role") as group → role."""
    pairs = (item.split("=", 1) for item in setting.split(",") if "=" in item)
    return {group.strip(): role.strip() for group, role in pairs}
