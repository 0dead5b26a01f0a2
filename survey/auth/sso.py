"""Single sign-on with OpenID Connect: to the identity provider and back. The provider proves who
the person is; the product decides what they may do (their account, role and units), unless
roles come from a groups claim (``SURVEY_OIDC_ROLE_GROUPS``)."""
from __future__ import annotations

from authlib.integrations.base_client import OAuthError
from flask import abort, current_app, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from joserfc.errors import JoseError
from sqlalchemy import select

from survey.auth import bp
from survey.auth.forms import LoginForm
from survey.models import Role, StaffUser
from survey.operations import audit, update_staff
from survey.web import oidc
from survey.web.db import get_session
from survey.web.helpers import external_url
from survey.web.login import home_for, start_staff_session


def _refused(message: str):
    session.pop("oidc_id_token", None)
    flash(message, "error")
    return render_template("auth/login.html", form=LoginForm()), 401


@bp.get("/login/sso")
def sso_login():
    provider = oidc.client()
    if provider is None:
        abort(404)
    return provider.authorize_redirect(external_url("auth.sso_callback"))


@bp.get("/login/sso/callback")
def sso_callback():
    provider = oidc.client()
    if provider is None:
        abort(404)
    try:
        # Exchanges the code (with the PKCE verifier) and checks the ID token: signature against
        # the provider's published keys, issuer, audience, expiry, nonce.
        token = provider.authorize_access_token()
    except (OAuthError, JoseError) as error:
        current_app.logger.warning("single sign-on refused: %s", error)
        return _refused(_("Signing in through the identity service failed. Try again."))
    claims = token["userinfo"]
    username = claims.get(current_app.config["OIDC_USERNAME_CLAIM"])
    db = get_session()
    user = db.scalar(select(StaffUser).where(StaffUser.username == username)) if username else None
    if user is None:
        audit(db, None, "login-refused", "staff", None, f"single sign-on: unknown {username!r}")
        db.commit()
        return _refused(_("You have no account in the service. Ask an administrator to add you."))
    if not user.active:
        audit(db, None, "login-refused", "staff", user.id, "single sign-on: account disabled")
        db.commit()
        return _refused(_("Your account is disabled."))
    role = _role_from_groups(claims.get("groups") or [])
    if role is not None and role is not user.role:
        update_staff(db, None, user, user.display_name, role, user.units, user.raw_data_access)
        audit(db, None, "update", "staff", user.id, f"role {role.value} from the groups claim")
    audit(db, user, "login", "staff", user.id, "single sign-on")
    db.commit()
    start_staff_session(user)  # a new sign-in, a new session
    session["oidc_id_token"] = token["id_token"]
    return redirect(home_for(user))


def _role_from_groups(groups: list[str]) -> Role | None:
    mapping = oidc.role_groups(current_app.config["OIDC_ROLE_GROUPS"])
    roles = [Role(mapping[group]) for group in groups if group in mapping]
    # The strongest mapped role wins when a person is in several groups.
    return min(roles, key=list(Role).index) if roles else None


def end_provider_session():
    """After the app's own logout: end the provider's session too (RP-initiated logout)."""
    id_token = session.pop("oidc_id_token", None)
    provider = oidc.client()
    if provider is None or id_token is None:
        return redirect(url_for("auth.login"))
    return provider.logout_redirect(post_logout_redirect_uri=external_url("auth.login"),
                                    id_token_hint=id_token)
