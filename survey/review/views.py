"""A unit's record reviews with their progress, a new review, and the review screen: one client
per screen, keyboard only, saving and going on to the next record not done. Every screen that
shows a client's record is audited; nothing here makes a follow-up or a measurement point."""
from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from survey.domain.vocabulary import INTERVENTION_TYPES
from survey.models import RecordReview, Role, Unit
from survey.operations.reviews import (
    REVIEW_PHASE,
    ReviewError,
    open_review,
    record_episode,
    set_review_closed,
)
from survey.queries.reviews import next_to_review, review_progress, unit_reviews
from survey.queries.variables import current_variables
from survey.review import bp
from survey.review.messages import error_text
from survey.services.reviews import review_screen
from survey.web.db import get_session
from survey.web.helpers import commit_audited, get_or_404
from survey.web.login import roles_required
from survey.web.variable_problems import problem_text

REVIEW_ROLES = (Role.REVIEWER, Role.COORDINATOR)


def _own_unit_or_404(unit_id: int) -> Unit:
    """One of the reader's units (others answer 404, as if they did not exist)."""
    unit = get_or_404(Unit, unit_id)
    if unit.id not in current_user.unit_ids:
        abort(404)
    return unit


def _own_review_or_404(review_id: int) -> RecordReview:
    review = get_or_404(RecordReview, review_id)
    if review.unit_id not in current_user.unit_ids:
        abort(404)
    return review


@bp.get("/")
@roles_required(*REVIEW_ROLES)
def index():
    """The reader's units, each with its reviews and their progress."""
    units = sorted(current_user.units, key=lambda unit: unit.name)
    reviews = unit_reviews(get_session(), [unit.id for unit in units])
    return render_template("review/index.html", units=units, reviews=reviews)


def _day(name: str) -> date | None:
    text = request.form.get(name, "").strip()
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        raise ReviewError("review-date") from None


@bp.route("/units/<int:unit_id>/new", methods=["GET", "POST"])
@roles_required(*REVIEW_ROLES)
def new_review(unit_id: int):
    db = get_session()
    unit = _own_unit_or_404(unit_id)
    offered = current_variables(db, unit, phases=[REVIEW_PHASE])
    if request.method == "POST":
        try:
            review = open_review(db, unit, request.form.get("name", ""), current_user,
                                 types=[t for t in request.form.getlist("type") if t],
                                 period_from=_day("from"),
                                 period_to=_day("to"),
                                 variable_keys=request.form.getlist("variable"))
        except ReviewError as error:
            db.rollback()
            flash(error_text(error), "error")
        else:
            commit_audited(db, "create", "review", review.id,
                           f"unit {unit.id}: {len(review.episodes)} episodes",
                           message=_("The review is open."))
            return redirect(url_for("review.resume", review_id=review.id))
    chosen = set(request.form.getlist("variable")) if request.method == "POST" else None
    return render_template("review/new.html", unit=unit, offered=offered, chosen=chosen,
                           types=INTERVENTION_TYPES, form=request.form)


@bp.get("/<int:review_id>")
@roles_required(*REVIEW_ROLES)
def resume(review_id: int):
    """On to the first record not done; with none left (or the review closed), where it stands."""
    db = get_session()
    review = _own_review_or_404(review_id)
    place = next_to_review(db, review.id)
    if place is not None and review.closed_at is None:
        return redirect(url_for("review.record", review_id=review.id, position=place))
    done, total = review_progress(db, review.id)
    return render_template("review/finished.html", review=review, done=done, total=total)


def _given(variable) -> list[str]:
    return [value for value in request.form.getlist(variable.key) if value.strip()]


@bp.route("/<int:review_id>/records/<int:position>", methods=["GET", "POST"])
@roles_required(*REVIEW_ROLES)
def record(review_id: int, position: int):
    """One record: Enter saves every value (empty: not stated) and goes on to the next one not
    done; a refused value stores nothing and is named beside its field."""
    db = get_session()
    review = _own_review_or_404(review_id)
    screen = review_screen(db, review, position) or abort(404)
    given, problems, refused = screen.given, {}, False
    if request.method == "POST":
        given = {variable.key: _given(variable) for variable in screen.variables}
        try:
            record_episode(db, screen.entry, given, current_user)
        except ReviewError as error:
            db.rollback()
            flash(error_text(error), "error")
            refused = True
            problems = {key: problem_text(problem)
                        for key, problem in error.params.get("problems", {}).items()}
        else:
            commit_audited(db, "update", "episode", screen.entry.episode_id,
                           f"record review {review.id}: values")
            place = next_to_review(db, review.id, after=position)
            if place is None:
                return redirect(url_for("review.resume", review_id=review.id))
            return redirect(url_for("review.record", review_id=review.id, position=place))
    commit_audited(db, "view", "episode", screen.entry.episode_id, f"record review {review.id}")
    return render_template("review/record.html", screen=screen, given=given, problems=problems,
                           position=position), 400 if refused else 200


@bp.post("/<int:review_id>/status")
@roles_required(*REVIEW_ROLES)
def set_status(review_id: int):
    db = get_session()
    review = _own_review_or_404(review_id)
    status = request.form.get("status")
    if status not in ("open", "closed"):
        flash(error_text(ReviewError("review-status")), "error")
        return redirect(url_for("review.index"))
    set_review_closed(db, review, status == "closed")
    commit_audited(db, status, "review", review.id, review.name,
                   message=_("The review is closed.") if status == "closed"
                   else _("The review is open again."))
    return redirect(url_for("review.index"))
