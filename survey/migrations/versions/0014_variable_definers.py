"""variable definers: a coordinator's permission to define their units' follow-up variables;
the built-in variables' old table goes (0012 moved its values to recorded values), and the end
reason, which reports took from the close reason, is recorded as the end_reason variable

Revision ID: 0014
Revises: 0012
Create Date: 2026-12-02 03:30:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0014'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # In place, not in batch mode: a batch copy of staff_users on SQLite cascades away its links.
    op.add_column('staff_users', sa.Column('defines_variables', sa.Boolean(), nullable=False,
                                           server_default=sa.false()))
    op.drop_table('episode_variables')
    _end_reasons()


def _end_reasons() -> None:
    """Closed episodes of units that record the end reason get it as a recorded value (new
    closes record it themselves, ``operations.clinic.close_episode``)."""
    op.execute(sa.text(
        "INSERT INTO recorded_values (episode_id, variable_id, key, option_code, recorded_at) "
        "SELECT e.id, v.id, v.key, e.close_reason, CURRENT_TIMESTAMP "
        "FROM episodes e JOIN clients c ON c.id = e.client_id JOIN units u ON u.id = c.unit_id "
        "JOIN variables v ON v.key = 'end_reason' AND v.version = 1 "
        "WHERE e.close_reason IS NOT NULL AND (',' || u.variables || ',') LIKE '%,end_reason,%' "
        "AND NOT EXISTS (SELECT 1 FROM recorded_values r WHERE r.episode_id = e.id "
        "AND r.key = 'end_reason')"))


def downgrade() -> None:
    op.create_table('episode_variables',
    sa.Column('episode_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=30), nullable=False),
    sa.Column('value', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['episode_id'], ['episodes.id'], name=op.f('fk_episode_variables_episode_id_episodes')),
    sa.PrimaryKeyConstraint('episode_id', 'name', name=op.f('pk_episode_variables')))
    op.drop_column('staff_users', 'defines_variables')  # in place: SQLite 3.35 and later
