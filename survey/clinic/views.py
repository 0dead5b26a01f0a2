"""Therapists' start page, client registration, the client view, episodes and transfers."""
from __future__ import annotations

from datetime import date, timedelta

from flask import (
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from survey.clinic import bp
from survey.clinic.access import CLINICAL_ROLES, client_or_404
from survey.clinic.chart import alliance_chart, outcome_chart
from survey.clinic.forms import (
    AgeForm,
    CloseEpisodeForm,
    RegisterClientForm,
    SignalForm,
    StartSessionForm,
    TransferForm,
)
from survey.clinic.messages import error_text, signal_detail
from survey.models import Episode, Role, StaffUser, Unit, staff_units
from survey.operations import (
    ClinicError,
    acknowledge_signal,
    client_record,
    close_episode,
    erase_client,
    open_episode,
    register_client,
    set_age_at_intake,
    transfer_client,
)
from survey.queries import can_see_client, unit_clients, visible_clients
from survey.services.caseload import SORTS, CaseloadQuery, caseload_page
from survey.services.feedback import (
    FeedbackSettings,
    HistoryCache,
    OpenSignal,
    client_feedback,
    current_episode,
    open_episode_signals,
)
from survey.services.followup import client_follow_up, due_list
from survey.web.db import get_session
from survey.web.downloads import download
from survey.web.helpers import commit_audited, get_catalogue, get_or_404
from survey.web.login import roles_required

# Refusals about the age, shown at the age field.
AGE_ERRORS = ("age-missing", "age-out-of-range", "age-group-differs")

# "samarbete 35,5 under 36": what a signal's figures say, in the reader's language.
bp.add_app_template_global(signal_detail, "signal_detail")


def feedback_settings() -> FeedbackSettings:
    config = current_app.config
    return FeedbackSettings(config["TRAJECTORY_MIN_EPISODES"], config["TRAJECTORY_WINDOW"],
                            config["NO_IMPROVEMENT_BY_SESSION"])


def history_cache() -> HistoryCache:
    """One cache per app (so per process), shared by its requests."""
    return current_app.extensions["survey_history_cache"]


def _register_form() -> RegisterClientForm:
    form = RegisterClientForm()
    form.unit.choices = [("", _("Choose …"))] + [
        (u.id, u.name) for u in sorted(current_user.units, key=lambda u: u.name)]
    return form


def _caseload_query() -> CaseloadQuery:
    """The start page's search, filters, sorting and page from the query string."""
    args = request.args
    unit = args.get("unit", "")
    return CaseloadQuery(
        search=args.get("q", "")[:40], unit_id=int(unit) if unit.isdigit() else None,
        status=args.get("status", "") if args.get("status") in ("open", "closed") else "",
        signals=args.get("signals") == "1", due=args.get("due") == "1",
        sort=args.get("sort") if args.get("sort") in SORTS else "code",
        page=int(args["page"]) if args.get("page", "").isdigit() else 1)


def _start_page(form: RegisterClientForm, status: int = 200):
    db = get_session()
    clients = visible_clients(db, current_user)
    signals = open_episode_signals(db, get_catalogue(), clients, feedback_settings(),
                                   history_cache())
    due = due_list(db, get_catalogue(), clients, date.today())
    commit_audited(db, "view", "client", None, f"client list: {len(clients)} clients")
    query = _caseload_query()
    return render_template("clinic/index.html", page=caseload_page(clients, signals, due, query),
                           query=query, unattended=_unattended(db, signals), form=form,
                           may_open=lambda client: can_see_client(current_user, client)), status


def _unattended(db, signals: list[OpenSignal]) -> list[OpenSignal]:
    """Signals nobody has acted on for ``SIGNAL_OPEN_DAYS``: a coordinator's of the clients they
    see, a team lead's of every client of their units (the page names only those they may open)."""
    if current_user.leads_team:
        signals = open_episode_signals(db, get_catalogue(), unit_clients(db, current_user.unit_ids),
                                       feedback_settings(), history_cache())
    elif not current_user.coordinates:
        return []
    older = date.today() - timedelta(days=current_app.config["SIGNAL_OPEN_DAYS"])
    return [o for o in signals if o.raised_on <= older]


@bp.get("/")
@roles_required(*CLINICAL_ROLES)
def index():
    return _start_page(_register_form())


@bp.post("/clients")
@roles_required(Role.THERAPIST)
def register():
    db = get_session()
    form = _register_form()
    if form.validate_on_submit():
        try:
            client = register_client(db, current_user, db.get(Unit, form.unit.data), form.code.data,
                                     form.gender.data, form.age_group.data or None,
                                     form.opened_on.data, age=form.age.years)
        except ClinicError as error:
            db.rollback()
            (form.age if error.code in AGE_ERRORS else form.code).errors.append(error_text(error))
        else:
            commit_audited(db, "create", "client", client.id, "registered with an episode")
            return redirect(url_for("clinic.client", client_id=client.id))
    return _start_page(form, 422)


@bp.get("/clients/<int:client_id>")
@roles_required(*CLINICAL_ROLES)
def client(client_id: int):
    db = get_session()
    found = client_or_404(client_id)
    episodes = client_feedback(db, get_catalogue(), found, feedback_settings(), history_cache())
    charts = [(outcome_chart(e, e.outcome.cutoff), alliance_chart(e)) for e in episodes]
    follow_ups = {r.episode.id: r for r in client_follow_up(db, get_catalogue(), found, date.today())}
    commit_audited(db, "view", "client", found.id, "client view")
    return render_template(
        "clinic/client.html", client=found, episodes=episodes, charts=charts,
        follow_ups=follow_ups, open_episode=current_episode(found), start_form=StartSessionForm(),
        close_form=CloseEpisodeForm(), transfer_form=_transfer_form(found), signal_form=SignalForm(),
        age_form=AgeForm()
    )


@bp.post("/episodes/<int:episode_id>/signals")
@roles_required(Role.THERAPIST)
def acknowledge(episode_id: int):
    """A signal of an open episode marked as discussed, with what was done about it."""
    db = get_session()
    episode = get_or_404(Episode, episode_id)
    found = client_or_404(episode.client_id)
    form = SignalForm()
    back = redirect(url_for("clinic.client", client_id=found.id, _anchor=f"episode-{episode.id}"))
    if not form.validate_on_submit():
        flash(next(iter(form.action.errors), _("Choose what was done.")), "error")
        return back
    feedback = next(f for f in client_feedback(db, get_catalogue(), found, feedback_settings(),
                                               history_cache()) if f.episode.id == episode.id)
    signal = next((s for s in feedback.open_signals
                   if (s.code, s.session) == (form.code.data, form.session.data)), None)
    if signal is None:
        flash(_("The signal is no longer open or has already been acted on."), "error")
        return back
    try:
        acknowledgement = acknowledge_signal(db, episode, signal, current_user, form.action.data,
                                             form.note.data or "")
    except ClinicError as error:
        db.rollback()
        flash(error_text(error), "error")
    else:
        commit_audited(db, "acknowledge", "signal", acknowledgement.id,
                       f"episode {episode.id} {signal.code} session {signal.session} {form.action.data}",
                       message=_("The signal is marked as discussed."))
    return back


def _transfer_form(found) -> TransferForm:
    """The therapists of the client's unit it can be handed to."""
    colleagues = get_session().scalars(
        select(StaffUser).join(staff_units, staff_units.c.staff_id == StaffUser.id)
        .where(staff_units.c.unit_id == found.unit_id, StaffUser.role == Role.THERAPIST,
               StaffUser.active.is_(True), StaffUser.id != found.therapist_id)
        .order_by(StaffUser.display_name))
    form = TransferForm()
    form.therapist.choices = [(s.id, s.display_name) for s in colleagues]
    return form


@bp.post("/clients/<int:client_id>/episodes")
@roles_required(Role.THERAPIST)
def new_episode(client_id: int):
    db = get_session()
    found = client_or_404(client_id)
    form = AgeForm()
    if not form.validate_on_submit():
        flash(next(iter(form.age.errors), _("The episode could not be opened.")), "error")
        return redirect(url_for("clinic.client", client_id=found.id))
    try:
        episode = open_episode(db, found, date.today(), form.age.years)
    except ClinicError as error:
        db.rollback()
        flash(error_text(error), "error")
    else:
        commit_audited(db, "create", "episode", episode.id, f"client {found.id}")
    return redirect(url_for("clinic.client", client_id=found.id))


@bp.post("/episodes/<int:episode_id>/age")
@roles_required(Role.THERAPIST)
def set_age(episode_id: int):
    """Correct the age at an episode's intake (empty: not known)."""
    db = get_session()
    episode = get_or_404(Episode, episode_id)
    found = client_or_404(episode.client_id)
    form = AgeForm()
    back = redirect(url_for("clinic.client", client_id=found.id, _anchor=f"episode-{episode.id}"))
    if not form.validate_on_submit():
        flash(next(iter(form.age.errors), _("The age could not be saved.")), "error")
        return back
    try:
        set_age_at_intake(db, episode, form.age.years)
    except ClinicError as error:
        db.rollback()
        flash(error_text(error), "error")
    else:
        commit_audited(db, "update", "episode", episode.id, "age at intake",
                       message=_("The age at intake is saved."))
    return back


@bp.post("/episodes/<int:episode_id>/close")
@roles_required(*CLINICAL_ROLES)
def close(episode_id: int):
    db = get_session()
    episode = get_or_404(Episode, episode_id)
    found = client_or_404(episode.client_id)
    form = CloseEpisodeForm()
    if not form.validate_on_submit():
        flash(_("Choose a reason and a date."), "error")
        return redirect(url_for("clinic.client", client_id=found.id))
    try:
        close_episode(db, episode, form.reason.data, form.closed_on.data)
    except ClinicError as error:
        db.rollback()
        flash(error_text(error), "error")
    else:
        commit_audited(db, "close", "episode", episode.id, form.reason.data)
    return redirect(url_for("clinic.client", client_id=found.id))


@bp.post("/clients/<int:client_id>/transfer")
@roles_required(*CLINICAL_ROLES)
def transfer(client_id: int):
    db = get_session()
    found = client_or_404(client_id)
    form = _transfer_form(found)
    if not form.validate_on_submit():
        flash(_("Choose a therapist of the client's unit."), "error")
        return redirect(url_for("clinic.client", client_id=found.id))
    new_therapist = db.get(StaffUser, form.therapist.data)
    transfer_client(db, found, new_therapist)
    commit_audited(db, "transfer", "client", found.id, f"to staff {new_therapist.id}",
                   message=_("%(code)s now has %(therapist)s as therapist.", code=found.code,
                             therapist=new_therapist.display_name))
    return redirect(url_for("clinic.index"))


@bp.post("/clients/<int:client_id>/export.json")
@roles_required(*CLINICAL_ROLES)
def export_client(client_id: int):
    """Everything stored about a client, when the client asks to see it."""
    db = get_session()
    found = client_or_404(client_id)
    record = client_record(db, found)
    commit_audited(db, "export", "client", found.id, "client's own data")
    # send_file writes the name safely: non-ASCII as filename*, no way to add a parameter.
    return download(jsonify(record).get_data(), _("client-%(code)s.json", code=found.code))


@bp.post("/clients/<int:client_id>/erase")
@roles_required(Role.COORDINATOR)
def erase(client_id: int):
    """Erase a client and all their answers, on request; the code must be typed to confirm."""
    db = get_session()
    found = client_or_404(client_id)
    if request.form.get("confirm", "").strip().upper() != found.code:
        flash(_("Type the client's code to confirm."), "error")
        return redirect(url_for("clinic.client", client_id=found.id)), 400
    code = found.code
    erase_client(db, found)
    commit_audited(db, "erase", "client", client_id, "erased on request",
                   message=_("Everything about %(code)s is erased.", code=code))
    return redirect(url_for("clinic.index"))
