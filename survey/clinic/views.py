from __future__ import annotations

from datetime import date

from flask import abort, redirect, render_template, url_for
from flask_login import current_user

from ..auth import roles_required
from ..db import get_session
from ..kiosk import tickets
from ..models import Client, Role, TreatmentSession
from ..operations import audit, start_session
from ..population import age_band
from ..queries import can_see_client, client_session_answers, visible_clients
from ..scoring import session_totals
from ..web import get_catalogue, get_or_404
from . import bp

CLINICAL_ROLES = (Role.THERAPIST, Role.COORDINATOR)


def _client_or_404(client_id: int) -> Client:
    """The client, if this staff member may see it; otherwise 404 (not even its existence)."""
    client = get_session().get(Client, client_id)
    if client is None or not can_see_client(current_user, client):
        abort(404)
    return client


@bp.get("/")
@roles_required(*CLINICAL_ROLES)
def index():
    return render_template("clinic/index.html", clients=visible_clients(get_session(), current_user))


@bp.get("/clients/<int:client_id>")
@roles_required(*CLINICAL_ROLES)
def client(client_id: int):
    db = get_session()
    found = _client_or_404(client_id)
    catalogue = get_catalogue()
    answers = client_session_answers(db, found.id)
    kind_of = {q.id: q.kind for q in catalogue.latest() if q.kind in ("outcome", "alliance")}
    totals = session_totals(answers, kind_of)
    band = age_band(found.age_group)
    outcome = catalogue.for_age_band("outcome", band)
    audit(db, current_user, "view", "client", found.id, "client view")
    db.commit()
    return render_template(
        "clinic/client.html", client=found, totals=totals.to_dict("records"),
        cutoff=(outcome.thresholds.cutoff or {}).get(band),
        alliance_threshold=catalogue.for_age_band("alliance", band).thresholds.alliance_total,
    )


def _hand_over(session: TreatmentSession, kind: str):
    client = session.episode.client
    instrument = get_catalogue().for_age_band(kind, age_band(client.age_group))
    token = tickets.sign(tickets.Ticket(
        questionnaire_id=instrument.id, questionnaire_version=instrument.version,
        unit_id=client.unit_id, language="sv", mode="self", session_id=session.id,
    ))
    return redirect(url_for("kiosk.answer", token=token))


@bp.post("/clients/<int:client_id>/sessions")
@roles_required(Role.THERAPIST)
def new_session(client_id: int):
    """Start the next session of the open episode and hand the tablet over for the outcome."""
    db = get_session()
    found = _client_or_404(client_id)
    episode = next((e for e in reversed(found.episodes) if e.closed_on is None), None)
    if episode is None:
        abort(409, "the client has no open episode")
    session = start_session(db, episode, date.today())
    audit(db, current_user, "create", "session", session.id, f"client {found.id}")
    db.commit()
    return _hand_over(session, "outcome")


@bp.post("/sessions/<int:session_id>/alliance")
@roles_required(Role.THERAPIST)
def hand_over_alliance(session_id: int):
    session = get_or_404(TreatmentSession, session_id)
    _client_or_404(session.episode.client_id)
    return _hand_over(session, "alliance")
