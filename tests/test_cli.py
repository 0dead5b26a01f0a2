"""The ``survey`` command line."""
from __future__ import annotations

from sqlalchemy import func, select

from survey.models import (
    Client,
    Response,
    Role,
    StaffUser,
    SurveyRound,
    TreatmentSession,
)


def test_init_db_is_idempotent(runner):
    for _ in range(2):
        result = runner.invoke(args=["init-db"])
        assert result.exit_code == 0 and "up to date" in result.output


def test_create_user_hashes_the_password(runner, db, org):
    result = runner.invoke(args=["create-user", "nils", "--role", "therapist", "--unit", "North team",
                                 "--password", "a long pass phrase"])
    granted = runner.invoke(args=["create-user", "rut", "--role", "coordinator", "--raw-data-access",
                                  "--password", "another long phrase"])
    assert granted.exit_code == 0
    assert db.scalar(select(StaffUser).where(StaffUser.username == "rut")).sees_raw_answers
    assert result.exit_code == 0, result.output
    user = db.scalar(select(StaffUser).where(StaffUser.username == "nils"))
    assert user.role is Role.THERAPIST and [u.name for u in user.units] == ["North team"]
    assert "a long pass phrase" not in user.password_hash and user.check_password("a long pass phrase")
    again = runner.invoke(args=["create-user", "nils", "--role", "admin", "--password", "x"])
    assert again.exit_code != 0 and "already exists" in again.output
    unknown = runner.invoke(args=["create-user", "olga", "--role", "therapist", "--unit", "Mars",
                                  "--password", "x"])
    assert unknown.exit_code != 0 and "unknown unit(s): Mars" in unknown.output


def test_demo_fills_an_empty_database_once(runner, db):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert "samordnare" in result.output and "demo1234" in result.output
    count = lambda model: db.scalar(select(func.count()).select_from(model))  # noqa: E731
    roles = set(db.scalars(select(StaffUser.role)))
    assert roles == set(Role)
    assert count(SurveyRound) == 4
    assert db.scalar(select(func.count()).select_from(Response).where(Response.round_id.is_not(None))) >= 200
    assert count(Client) >= 20 and count(TreatmentSession) >= 40
    second = runner.invoke(args=["demo"])
    assert "already has data" in second.output
    assert count(SurveyRound) == 4
