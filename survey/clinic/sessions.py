"""The session flow: start a session, hand the tablet over, type in a paper form."""
from __future__ import annotations

import uuid
from datetime import date

from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import logout_user

from survey.clinic import bp
from survey.clinic.access import client_or_404, session_or_404
from survey.clinic.forms import (
    PAPER_INSTRUMENTS,
    StartSessionForm,
    in_words,
    paper_scores_form,
)
from survey.domain.vocabulary import age_band
from survey.models import Role, TreatmentSession
from survey.operations import (
    Submission,
    SubmissionError,
    record_response,
    start_session,
)
from survey.services.feedback import current_episode
from survey.web import tickets
from survey.web.db import get_session
from survey.web.hand_over import tablet_options
from survey.web.helpers import commit_audited, get_catalogue
from survey.web.login import roles_required

# "fyra frågor": templates write a count of an instrument's questions in words (in the reader's
# language).
bp.add_app_template_filter(in_words, "in_words")


def _instrument(session: TreatmentSession, kind: str):
    return get_catalogue().for_age_band(kind, age_band(session.episode.client.age_group))


def _hand_over(session: TreatmentSession, kind: str, rater: str):
    """Open the instrument on this tablet for the client (or the collateral rater), and log
    the therapist out of the tablet: the locked screen at the end takes their password."""
    instrument = _instrument(session, kind)
    token = tickets.sign(tickets.Ticket(
        questionnaire_id=instrument.id, questionnaire_version=instrument.version,
        unit_id=session.episode.client.unit_id, language="sv",
        mode="proxy" if rater == "collateral" else "self", rater=rater, session_id=session.id,
        **tablet_options(request.form),
    ))
    logout_user()
    return redirect(url_for("kiosk.welcome", token=token))


@bp.post("/clients/<int:client_id>/sessions")
@roles_required(Role.THERAPIST)
def new_session(client_id: int):
    """Number and date the next session, then hand the tablet over for the outcome."""
    db = get_session()
    found = client_or_404(client_id)
    form = StartSessionForm()
    episode = current_episode(found)
    if episode is None or not form.validate_on_submit():
        abort(409)
    session = start_session(db, episode, date.today())
    commit_audited(db, "create", "session", session.id, f"client {found.id}")
    return _hand_over(session, "outcome", form.rater.data)


@bp.post("/sessions/<int:session_id>/alliance")
@roles_required(Role.THERAPIST)
def hand_over_alliance(session_id: int):
    session = session_or_404(session_id)
    form = StartSessionForm()
    if not form.validate_on_submit():
        abort(400)
    return _hand_over(session, "alliance", form.rater.data)


@bp.get("/sessions/<int:session_id>/done")
@roles_required(*(Role.THERAPIST, Role.COORDINATOR))
def session_done(session_id: int):
    """Where the tablet goes back to after the client answered: the client's scores."""
    session = session_or_404(session_id)
    return redirect(url_for("clinic.client", client_id=session.episode.client_id,
                            _anchor=f"session-{session.number}"))


@bp.route("/sessions/<int:session_id>/paper", methods=["GET", "POST"])
@roles_required(Role.THERAPIST)
def paper(session_id: int):
    """Scores from a paper form, typed in afterwards: every item's score or a total only."""
    db = get_session()
    session = session_or_404(session_id)
    instruments = {choice.value: _instrument(session, choice.value) for choice in PAPER_INSTRUMENTS}
    form = paper_scores_form(instruments)
    if form.validate_on_submit():
        instrument = instruments[form.instrument.data]
        values = form.item_values[:len(instrument.items)]
        given_items = [v for v in values if v is not None]
        total = None if form.total.data is None else float(form.total.data)
        if (len(given_items) == len(values)) == (total is not None) or 0 < len(given_items) < len(values):
            form.total.errors.append(form.incomplete)
        else:
            submission = Submission(
                uid=str(uuid.uuid4()), questionnaire_id=instrument.id,
                questionnaire_version=instrument.version,
                unit_id=session.episode.client.unit_id, session_id=session.id, language="sv",
                mode="self", rater=form.rater.data, source="paper",
                answers={} if total is not None else dict(zip([i.key for i in instrument.items], values)),
                paper_total=total,
            )
            try:
                record_response(db, get_catalogue(), submission)
            except SubmissionError as error:
                db.rollback()
                form.total.errors.append(str(error))
            else:
                commit_audited(db, "create", "response", session.id, f"paper {instrument.id}",
                               message=_("The paper form is entered."))
                return redirect(url_for("clinic.client", client_id=session.episode.client_id))
    if not form.is_submitted():
        commit_audited(db, "view", "session", session.id, "paper-entry form")
    return render_template("clinic/paper.html", form=form, session=session), (
        422 if form.is_submitted() else 200)
