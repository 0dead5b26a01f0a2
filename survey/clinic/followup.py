"""Systematic follow-up of an episode: plan, goals, follow-ups with ratings and decisions,
contacts delivered, the unit's variables (at intake, during and at the end)."""
from __future__ import annotations

import uuid
from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from survey.clinic import bp
from survey.clinic.access import CLINICAL_ROLES, client_or_404
from survey.clinic.forms import (
    ContactForm,
    DecisionForm,
    FollowUpForm,
    GoalForm,
    PlanForm,
)
from survey.clinic.messages import error_text
from survey.domain.goals import goal_item_key, goals_on
from survey.domain.variables import MULTI
from survey.domain.vocabulary import age_band
from survey.models import Episode, FollowUp, Goal, Role
from survey.operations import (
    ClinicError,
    DefinitionError,
    Submission,
    SubmissionError,
    add_goal,
    record_contact,
    record_decision,
    record_response,
    record_values,
    set_plan,
    start_follow_up,
)
from survey.operations.clinic import END_REASON
from survey.queries import current_variables, newest_episode_values
from survey.services.followup import client_follow_up
from survey.web import tickets
from survey.web.db import get_session
from survey.web.hand_over import tablet_options
from survey.web.helpers import commit_audited, get_catalogue, get_or_404
from survey.web.login import roles_required
from survey.web.variable_problems import problem_texts

# Review-phase variables are recorded in record reviews, not on the episode's page.
RECORDED_PHASES = ("intake", "during", "end")


def _episode_or_404(episode_id: int) -> Episode:
    episode = get_or_404(Episode, episode_id)
    client_or_404(episode.client_id)
    return episode


def _follow_up_or_404(follow_up_id: int) -> tuple[FollowUp, Episode]:
    follow_up = get_or_404(FollowUp, follow_up_id)
    return follow_up, _episode_or_404(follow_up.episode_id)


def _back(episode: Episode):
    return redirect(url_for("clinic.follow_up", episode_id=episode.id))


def _decision_form(episode: Episode) -> DecisionForm:
    form = DecisionForm()
    form.goal.choices = [(0, "–")] + [(g.id, g.wording) for g in episode.goals if g.ended_on is None]
    return form


def _next_kind(episode: Episode) -> str:
    if episode.closed_on is not None:
        return "after-end"
    return "review" if any(f.kind == "intake" for f in episode.follow_ups) else "intake"


@bp.get("/episodes/<int:episode_id>/follow-up")
@roles_required(*CLINICAL_ROLES)
def follow_up(episode_id: int):
    """Goals over time, planned against delivered help, measurement points, and the forms."""
    db = get_session()
    episode = _episode_or_404(episode_id)
    client = episode.client
    record = next(r for r in client_follow_up(db, get_catalogue(), client, date.today())
                  if r.episode.id == episode.id)
    commit_audited(db, "view", "client", client.id, f"follow-up of episode {episode.id}")
    plan = PlanForm(obj=episode) if episode.intervention_type else PlanForm()
    return render_template(
        "clinic/follow_up.html", client=client, episode=episode, record=record,
        plan_form=plan, goal_form=GoalForm(), contact_form=ContactForm(),
        follow_up_form=FollowUpForm(kind=_next_kind(episode)), decision_form=_decision_form(episode),
        variables=_recorded(db, episode), values=newest_episode_values(db, episode.id),
        phases=RECORDED_PHASES, today=date.today(),
        goals_on=goals_on,
    )


def _recorded(db, episode: Episode) -> list:
    """The unit's current variables recorded on an episode's page (the end reason is recorded
    when the episode is closed)."""
    return [v for v in current_variables(db, episode.client.unit, RECORDED_PHASES)
            if v.key != END_REASON]


def _changed(db, episode: Episode, action: str, what: str, detail: str, object_id: int):
    commit_audited(db, action, what, object_id, detail)
    return _back(episode)


def _refused(db, episode: Episode, refusal: str):
    db.rollback()
    flash(refusal, "error")
    return _back(episode)


@bp.post("/episodes/<int:episode_id>/plan")
@roles_required(*CLINICAL_ROLES)
def save_plan(episode_id: int):
    db = get_session()
    episode = _episode_or_404(episode_id)
    form = PlanForm()
    if not form.validate_on_submit():
        return _refused(db, episode, _("Choose an intervention; counts are whole numbers 1–500."))
    try:
        set_plan(db, episode, form.intervention_type.data, form.planned_sessions.data,
                 form.planned_months.data)
    except ClinicError as error:
        return _refused(db, episode, error_text(error))
    return _changed(db, episode, "update", "episode", "plan", episode.id)


@bp.post("/episodes/<int:episode_id>/goals")
@roles_required(Role.THERAPIST)
def new_goal(episode_id: int):
    db = get_session()
    episode = _episode_or_404(episode_id)
    form = GoalForm()
    if not form.validate_on_submit():
        return _refused(db, episode, _("Write the goal (at most 300 characters)."))
    try:
        goal = add_goal(db, episode, form.wording.data, form.added_on.data)
    except ClinicError as error:
        return _refused(db, episode, error_text(error))
    return _changed(db, episode, "create", "goal", f"episode {episode.id}", goal.id)


@bp.post("/episodes/<int:episode_id>/contacts")
@roles_required(*CLINICAL_ROLES)
def new_contact(episode_id: int):
    db = get_session()
    episode = _episode_or_404(episode_id)
    form = ContactForm()
    if not form.validate_on_submit():
        return _refused(db, episode, _("Give the date, the kind and whether the client came."))
    try:
        contact = record_contact(db, episode, form.held_on.data, form.kind.data,
                                 form.attended.data == "yes")
    except ClinicError as error:
        return _refused(db, episode, error_text(error))
    return _changed(db, episode, "create", "contact", f"episode {episode.id}", contact.id)


@bp.post("/episodes/<int:episode_id>/variables")
@roles_required(*CLINICAL_ROLES)
def save_variables(episode_id: int):
    db = get_session()
    episode = _episode_or_404(episode_id)
    variables = _recorded(db, episode)
    field = "var-{}".format
    given = [(v, request.form.getlist(field(v.key)) if v.kind == MULTI else request.form.get(field(v.key)))
             for v in variables]
    try:
        record_values(db, episode, given, staff_id=current_user.id)
    except DefinitionError as error:
        return _refused(db, episode, " ".join(problem_texts(error, {v.key: v.names for v in variables})))
    return _changed(db, episode, "update", "episode", "variables", episode.id)


@bp.post("/episodes/<int:episode_id>/follow-ups")
@roles_required(Role.THERAPIST)
def new_follow_up(episode_id: int):
    db = get_session()
    episode = _episode_or_404(episode_id)
    form = FollowUpForm()
    if not form.validate_on_submit():
        return _refused(db, episode, _("Choose a kind and a date."))
    try:
        made = start_follow_up(db, episode, form.kind.data, form.held_on.data)
    except ClinicError as error:
        return _refused(db, episode, error_text(error))
    return _changed(db, episode, "create", "follow-up", f"episode {episode.id}", made.id)


def _goal_questionnaire():
    return get_catalogue().latest("goals")[0]


@bp.post("/follow-ups/<int:follow_up_id>/ratings")
@roles_required(Role.THERAPIST)
def rate_goals(follow_up_id: int):
    """The practitioner's own 1–5 rating of each goal."""
    db = get_session()
    follow_up, episode = _follow_up_or_404(follow_up_id)
    questionnaire = _goal_questionnaire()
    keys = [goal_item_key(g.id) for g in goals_on(episode.goals, follow_up.held_on)]
    if not any(request.form.get(key) for key in keys):
        return _refused(db, episode, _("Rate at least one goal."))
    submission = Submission(
        uid=str(uuid.uuid4()), questionnaire_id=questionnaire.id,
        questionnaire_version=questionnaire.version, unit_id=episode.client.unit_id,
        follow_up_id=follow_up.id, language="sv", mode="self", rater="practitioner",
        source="staff", answers={key: request.form.get(key, "") for key in keys})
    try:
        record_response(db, get_catalogue(), submission)
    except SubmissionError as error:
        return _refused(db, episode, str(error))
    return _changed(db, episode, "create", "response", "goal ratings by practitioner", follow_up.id)


@bp.post("/follow-ups/<int:follow_up_id>/hand-over")
@roles_required(Role.THERAPIST)
def hand_over_follow_up(follow_up_id: int):
    """Open the goal ratings (or the outcome instrument) on this tablet for the client."""
    follow_up, episode = _follow_up_or_404(follow_up_id)
    if request.form.get("instrument") == "outcome":
        instrument = get_catalogue().for_age_band("outcome", age_band(episode.client.age_group))
    elif goals_on(episode.goals, follow_up.held_on):
        instrument = _goal_questionnaire()
    else:
        abort(409)
    token = tickets.sign(tickets.Ticket(
        questionnaire_id=instrument.id, questionnaire_version=instrument.version,
        unit_id=episode.client.unit_id, language="sv", mode="self", follow_up_id=follow_up.id,
        **tablet_options(request.form)))
    logout_user()  # the locked screen at the end takes the therapist's password
    return redirect(url_for("kiosk.welcome", token=token))


@bp.get("/follow-ups/<int:follow_up_id>/done")
@roles_required(*CLINICAL_ROLES)
def follow_up_done(follow_up_id: int):
    """Where the tablet goes back to after the client rated."""
    _, episode = _follow_up_or_404(follow_up_id)
    return _back(episode)


@bp.post("/follow-ups/<int:follow_up_id>/decisions")
@roles_required(Role.THERAPIST)
def decide(follow_up_id: int):
    db = get_session()
    follow_up, episode = _follow_up_or_404(follow_up_id)
    form = _decision_form(episode)
    if not form.validate_on_submit():
        return _refused(db, episode, _("Choose a decision."))
    goal = db.get(Goal, form.goal.data) if form.goal.data else None
    try:
        made = record_decision(db, follow_up, episode, form.decision.data, goal,
                               form.new_goal.data or "")
    except ClinicError as error:
        return _refused(db, episode, error_text(error))
    return _changed(db, episode, "create", "decision", form.decision.data, made.id)
