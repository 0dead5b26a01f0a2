"""The ``survey`` command line: init-db, create-user, demo, export and import-responses, retention."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from survey.domain.age_schemes import survey_group
from survey.models import (
    Client,
    Episode,
    RecordedValue,
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
                                  "--organisation-wide", "--password", "another long phrase"])
    assert granted.exit_code == 0
    rut = db.scalar(select(StaffUser).where(StaffUser.username == "rut"))
    assert rut.sees_raw_answers and rut.sees_whole_organisation
    assert result.exit_code == 0, result.output
    user = db.scalar(select(StaffUser).where(StaffUser.username == "nils"))
    assert user.role is Role.THERAPIST and [u.name for u in user.units] == ["North team"]
    assert "a long pass phrase" not in user.password_hash and user.check_password("a long pass phrase")
    again = runner.invoke(args=["create-user", "nils", "--role", "admin", "--password", "a third phrase"])
    assert again.exit_code != 0 and "already exists" in again.output
    unknown = runner.invoke(args=["create-user", "olga", "--role", "therapist", "--unit", "Mars",
                                  "--password", "a fourth phrase"])
    assert unknown.exit_code != 0 and "unknown unit(s): Mars" in unknown.output


def test_create_user_grants_team_lead_and_variable_defining(runner, db, org):
    lead = runner.invoke(args=["create-user", "tove", "--role", "therapist", "--unit", "North team",
                               "--team-lead", "--password", "a long pass phrase"])
    definer = runner.invoke(args=["create-user", "vera", "--role", "coordinator", "--unit", "North team",
                                  "--defines-variables", "--password", "another long phrase"])
    plain = runner.invoke(args=["create-user", "ulf", "--role", "coordinator", "--unit", "North team",
                                "--password", "a third long phrase"])
    assert (lead.exit_code, definer.exit_code, plain.exit_code) == (0, 0, 0), lead.output + definer.output
    tove, vera, ulf = (db.scalar(select(StaffUser).where(StaffUser.username == name))
                       for name in ("tove", "vera", "ulf"))
    assert tove.leads_team and not ulf.defines_variables
    assert vera.defines_variables_of(vera.units[0].id) and not ulf.defines_variables_of(ulf.units[0].id)


def test_create_user_may_set_the_staff_language(runner, db, org):
    made = runner.invoke(args=["create-user", "mette", "--role", "therapist", "--language", "da",
                               "--password", "a long pass phrase"])
    assert made.exit_code == 0, made.output
    assert db.scalar(select(StaffUser).where(StaffUser.username == "mette")).language == "da"
    wrong = runner.invoke(args=["create-user", "hans", "--role", "therapist", "--language", "de",
                                "--password", "a long pass phrase"])
    assert wrong.exit_code != 0 and "'de' is not one of" in wrong.output


@pytest.mark.parametrize("weak, reason", [
    ("a", "minst 12 tecken"), ("aaaaaaaaaaaa", "minst 5 olika tecken"),
    ("qwerty123456", "för vanligt"), ("Password123!", "för vanligt")])
def test_create_user_refuses_a_weak_password_and_adds_no_one(runner, db, org, count, weak, reason):
    before = count(StaffUser)
    result = runner.invoke(args=["create-user", "nils", "--role", "therapist", "--password", weak])
    assert result.exit_code != 0 and reason in result.output
    assert count(StaffUser) == before


def test_demo_fills_an_empty_database_once(runner, db, count):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert "samordnare" in result.output and "demo1234" in result.output
    roles = set(db.scalars(select(StaffUser.role)))
    assert roles == set(Role)
    assert count(SurveyRound) == 4
    assert db.scalar(select(func.count()).select_from(Response).where(Response.round_id.is_not(None))) >= 200
    assert count(Client) >= 20 and count(TreatmentSession) >= 40
    # Ages at intake, each client's survey group of it; a few clients' age is not known.
    ages = db.execute(select(Episode.age_at_intake, Client.age_group)
                      .join(Client, Client.id == Episode.client_id)).all()
    known = [(age, group) for age, group in ages if age is not None]
    assert len(ages) > len(known) >= len(ages) * 0.8
    assert all(group == survey_group(age) for age, group in known)
    assert count(RecordedValue) >= count(Client)  # the intake variables, as defined variables
    second = runner.invoke(args=["demo"])
    assert "already has data" in second.output
    assert count(SurveyRound) == 4


def test_export_and_import_from_the_command_line(runner, paper_round, paper_csv, tmp_path):
    source = tmp_path / "paper.csv"
    source.write_bytes(paper_csv())
    imported = runner.invoke(args=["import-responses", "--round", str(paper_round.id), str(source)])
    assert imported.exit_code == 0 and "Imported 23 responses" in imported.output
    again = runner.invoke(args=["import-responses", "--round", str(paper_round.id), str(source)])
    assert again.exit_code != 0 and "already imported" in again.output
    target = tmp_path / "raw.csv"
    assert runner.invoke(args=["export", "--round", str(paper_round.id), "--format", "csv",
                               "--output", str(target)]).exit_code == 0
    assert len(target.read_text(encoding="utf-8-sig").splitlines()) == 1 + 23 * 11


def test_retention_anonymises_clients_closed_long_ago(app, runner, db, org):
    old, recent = org["clients"]["A-1"], org["clients"]["B-1"]
    old.episodes[0].closed_on, old.episodes[0].close_reason = date(2015, 1, 1), "planned"
    recent.episodes[0].closed_on, recent.episodes[0].close_reason = date.today(), "planned"
    db.commit()
    counted = runner.invoke(args=["retention"])
    assert counted.exit_code == 0 and "Would anonymise 1 client(s)" in counted.output
    db.expire_all()
    assert db.get(Client, old.id).code == "A-1"
    applied = runner.invoke(args=["retention", "--apply"])
    assert "Anonymised 1 client(s)" in applied.output
    db.expire_all()
    assert db.get(Client, old.id).code == f"ANON-{old.id}" and db.get(Client, recent.id).code == "B-1"
    assert "Anonymised 0 client(s)" in runner.invoke(args=["retention", "--apply"]).output


def test_an_import_full_of_problems_prints_the_first_hundred(runner, paper_round, item_keys,
                                                            tmp_path):
    keys = item_keys("ux-housing")
    rows = [",".join(["unit", "gender", "age_group", "mode", *keys])]
    rows += [",".join([f"Moon {number}", "woman", "30-49", "self", *[""] * len(keys)])
             for number in range(250)]
    source = tmp_path / "broken.csv"
    source.write_text("\n".join(rows))
    result = runner.invoke(args=["import-responses", "--round", str(paper_round.id), str(source)])
    assert result.exit_code != 0
    assert result.output.count('column unit: unknown unit "Moon') == 100  # worded in English
    assert "... and 150 more problem(s)" in result.output and "250 problem(s); nothing imported" in result.output


def test_serve_gives_waitress_the_request_size_limit(app, runner, monkeypatch):
    served = {}
    monkeypatch.setattr("waitress.serve", lambda wsgi, **options: served.update(options))
    app.config["MAX_CONTENT_LENGTH"] = 3 * 1024 * 1024
    assert runner.invoke(args=["serve", "--port", "8123"]).exit_code == 0
    assert served["max_request_body_size"] == 3 * 1024 * 1024 and served["port"] == 8123
