"""Who may reach which client: a therapist their own, a coordinator their units'. Else 404."""
from __future__ import annotations

from flask import abort
from flask_login import current_user

from survey.models import Client, Role, TreatmentSession
from survey.queries import can_see_client
from survey.web.db import get_session

CLINICAL_ROLES = (Role.THERAPIST, Role.COORDINATOR)


def client_or_404(client_id: int) -> Client:
    """The client, if this staff member may see it; otherwise 404 (not even its existence)."""
    client = get_session().get(Client, client_id)
    if client is None or not can_see_client(current_user, client):
        abort(404)
    return client


def session_or_404(session_id: int) -> TreatmentSession:
    session = get_session().get(TreatmentSession, session_id)
    if session is None or not can_see_client(current_user, session.episode.client):
        abort(404)
    return session
