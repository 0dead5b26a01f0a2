"""A fresh database is built by the migrations, and the migrations match the models."""
from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.orm import Session

from survey.migrations import alembic_config, upgrade
from survey.models import Base, RespondentTally, SkipTally
from survey.queries.tallies import tallies_match
from tests.conftest import _postgres_database


def test_migrations_build_every_model_table(app, database_url):
    engine = app.extensions["survey_engine"]
    tables = set(sa.inspect(engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    with engine.connect() as connection:
        head = ScriptDirectory.from_config(alembic_config(database_url)).get_current_head()
        assert MigrationContext.configure(connection).get_current_revision() == head


def test_models_and_migrations_agree(app):
    with app.extensions["survey_engine"].connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def empty_url(request, tmp_path):
    """A database with no schema at all, on each backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'old.sqlite3'}"
    else:
        yield from _postgres_database()


def test_free_text_unit_groups_become_areas_of_the_tree(empty_url):
    upgrade(empty_url, "0002")
    engine = sa.create_engine(empty_url)
    with engine.begin() as connection:
        for name, group in [("Solgården", "Boende"), ("Ekbacken", "Boende"), ("Team Norr", None),
                            ("Öppenvård", None), ("Team Syd", "Öppenvård")]:
            connection.execute(sa.text(
                "INSERT INTO units (name, service_type, unit_group, follow_up_months, variables, created_at) "
                "VALUES (:name, 'housing', :group, 3, '', CURRENT_TIMESTAMP)"), {"name": name, "group": group})
        connection.execute(sa.text(
            "INSERT INTO staff_users (username, display_name, password_hash, role, active, raw_data_access, "
            "created_at) VALUES ('eva', 'Eva', '!', 'therapist', true, false, CURRENT_TIMESTAMP)"))
        connection.execute(sa.text("INSERT INTO staff_units SELECT s.id, u.id FROM staff_users s, units u"))
    upgrade(empty_url)
    with engine.connect() as connection:
        rows = connection.execute(sa.text(
            "SELECT u.name, p.name, u.service_type, u.active FROM units u "
            "LEFT JOIN units p ON p.id = u.parent_id ORDER BY u.name")).all()
        links = connection.scalar(sa.text("SELECT count(*) FROM staff_units"))
    engine.dispose()
    assert links == 5  # nothing that refers to a unit is lost on the way
    assert [(name, parent) for name, parent, _, _ in rows] == [
        ("Boende", None), ("Ekbacken", "Boende"), ("Solgården", "Boende"), ("Team Norr", None),
        ("Team Syd", "Öppenvård"), ("Öppenvård", None)]
    assert {kind for name, _, kind, _ in rows if name == "Boende"} == {"area"}
    assert all(active for *_, active in rows)


def test_the_built_in_variables_values_move_to_the_starter_variables_and_end_reasons_follow(empty_url):
    upgrade(empty_url, "0011")
    engine = sa.create_engine(empty_url)
    with engine.begin() as connection:
        connection.execute(sa.text(
            "INSERT INTO units (name, service_type, follow_up_months, variables, created_at, active) "
            "VALUES ('North', 'outpatient', 3, 'housing,bridged,end_reason', CURRENT_TIMESTAMP, true)"))
        connection.execute(sa.text(
            "INSERT INTO staff_users (username, display_name, password_hash, role, active, raw_data_access, "
            "created_at) VALUES ('eva', 'Eva', '!', 'therapist', true, false, CURRENT_TIMESTAMP)"))
        connection.execute(sa.text(
            "INSERT INTO clients (code, unit_id, therapist_id, gender, age_group, created_at) "
            "SELECT 'K-1', u.id, s.id, 'woman', '30-49', CURRENT_TIMESTAMP FROM units u, staff_users s"))
        connection.execute(sa.text(
            "INSERT INTO episodes (client_id, therapist_id, opened_on, closed_on, close_reason) "
            "SELECT c.id, c.therapist_id, '2024-01-02', '2024-05-02', 'moved' FROM clients c"))
        for name, value in [("housing", "homeless"), ("bridged", "yes")]:
            connection.execute(sa.text(
                "INSERT INTO episode_variables (episode_id, name, value) SELECT id, :name, :value "
                "FROM episodes"), {"name": name, "value": value})
    upgrade(empty_url)
    with engine.connect() as connection:
        moved = connection.execute(sa.text(
            "SELECT r.key, r.option_code, v.version, v.kind FROM recorded_values r "
            "JOIN variables v ON v.id = r.variable_id ORDER BY r.key")).all()
        schemes = connection.scalar(sa.text("SELECT count(*) FROM age_schemes"))
        definers = connection.scalar(sa.text("SELECT defines_variables FROM staff_users"))
        tables = set(sa.inspect(connection).get_table_names())
    engine.dispose()
    # The end reason, which the report took from the close reason, is now a recorded value.
    assert [tuple(row) for row in moved] == [("bridged", "yes", 1, "yes-no"),
                                             ("end_reason", "moved", 1, "choice"),
                                             ("housing", "homeless", 1, "choice")]
    assert not definers and "episode_variables" not in tables
    assert schemes == 4


def test_a_rounds_tallies_are_filled_from_the_answers_already_stored(empty_url):
    upgrade(empty_url, "0020")
    engine = sa.create_engine(empty_url)
    with engine.begin() as connection:
        connection.execute(sa.text(
            "INSERT INTO units (id, name, service_type, follow_up_months, variables, created_at, active) "
            "VALUES (1, 'Sunny home', 'housing', 3, '', CURRENT_TIMESTAMP, true)"))
        connection.execute(sa.text(
            "INSERT INTO survey_rounds (id, questionnaire_id, questionnaire_version, year, status, created_at) "
            "VALUES (1, 'ux-housing', 1, 2026, 'open', CURRENT_TIMESTAMP)"))
        for number, (gender, first, second) in enumerate(
                [("woman", "yes", "dont-know"), (None, None, "no"), ("woman", "no", None)], start=1):
            connection.execute(sa.text(
                "INSERT INTO responses (id, uid, questionnaire_id, questionnaire_version, unit_id, "
                "round_id, mode, rater, source, language, gender, age_group, received_at) VALUES "
                "(:id, :uid, 'ux-housing', 1, 1, 1, 'self', 'client', 'tablet', 'sv', :gender, "
                "'30-49', CURRENT_TIMESTAMP)"), {"id": number, "uid": f"uid-{number}", "gender": gender})
            for item, option in (("decide-free-time", first), ("decide-food", second)):
                connection.execute(sa.text(
                    "INSERT INTO answers (response_id, item_key, option_key) VALUES (:id, :item, :option)"),
                    {"id": number, "item": item, "option": option})
    upgrade(empty_url)
    with Session(engine) as db:
        assert tallies_match(db, 1, ("dont-know",))
        assert db.scalar(sa.select(sa.func.sum(SkipTally.n))) == 3
        assert db.scalar(sa.select(RespondentTally.n).where(RespondentTally.gender == "woman")) == 2
    engine.dispose()
