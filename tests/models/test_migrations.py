"""A fresh database is built by the migrations, and the migrations match the models."""
from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from survey.migrations import alembic_config
from survey.models import Base


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
