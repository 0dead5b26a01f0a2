"""The pivot stamp changes with every change to what a pivot counts, whichever way it is made:
the ORM, a bulk statement, a cascade."""
from __future__ import annotations

from datetime import date

from sqlalchemy import delete, select, text, update

from survey.domain.variables import ParsedValue
from survey.models import Client, Episode, Goal, RecordedValue, Variable
from survey.operations import record_value
from survey.queries.pivots import pivot_stamp
from survey.web.db import new_session


def test_every_change_to_what_pivots_count_changes_the_stamp(db, org):
    referral = db.scalar(select(Variable).where(Variable.key == "referral"))
    client = org["clients"]["A-1"]
    episode = db.scalar(select(Episode).where(Episode.client_id == client.id))
    seen = [pivot_stamp(db)]

    def changed(make):
        make()
        db.commit()
        seen.append(pivot_stamp(db))
        assert seen[-1] != seen[-2]

    changed(lambda: record_value(db, episode, referral, ParsedValue(codes=("self",))))
    changed(lambda: record_value(db, episode, referral, ParsedValue(codes=("school",))))  # same count
    changed(lambda: setattr(client, "gender", "man"))
    changed(lambda: db.execute(update(Episode).where(Episode.id == episode.id).values(closed_on=date(2026, 3, 1))))
    changed(lambda: db.add(Goal(episode_id=episode.id, wording="Sova", added_on=date(2026, 1, 10))))
    changed(lambda: db.execute(delete(Goal)))
    changed(lambda: db.execute(delete(RecordedValue).where(RecordedValue.episode_id == episode.id)))
    other = db.scalar(select(Episode).join(Client).where(Client.code == "B-1"))
    record_value(db, other, referral, ParsedValue(codes=("self",)))
    db.commit()
    seen.append(pivot_stamp(db))
    changed(lambda: db.delete(other))  # its values go with it
    assert len(set(seen)) == len(seen)


def test_writers_do_not_wait_for_each_other_on_the_stamp(app, db, org):
    """PostgreSQL: an open transaction that changed a client holds no lock another writer needs;
    each raises the stamp when it commits."""
    if db.get_bind().dialect.name != "postgresql":
        return  # SQLite writes one transaction at a time anyway
    referral = db.scalar(select(Variable).where(Variable.key == "referral"))
    with app.app_context():
        other = new_session()
    try:
        before = pivot_stamp(db)
        db.rollback()
        org["clients"]["A-1"].gender = "man"
        db.flush()  # open, not committed
        other.execute(text("SET lock_timeout = '2s'"))
        episode = other.scalar(select(Episode).join(Client).where(Client.code == "B-1"))
        record_value(other, episode, other.get(Variable, referral.id), ParsedValue(codes=("self",)))
        other.commit()
        seen = pivot_stamp(other)
        assert seen != before
        db.commit()
        assert pivot_stamp(other) not in (before, seen)
    finally:
        other.close()
