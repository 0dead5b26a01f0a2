"""variable definers: a coordinator's permission to define their units' follow-up variables;
the built-in variables' old table goes (0012 moved its values to recorded values)

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


def downgrade() -> None:
    op.create_table('episode_variables',
    sa.Column('episode_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=30), nullable=False),
    sa.Column('value', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['episode_id'], ['episodes.id'], name=op.f('fk_episode_variables_episode_id_episodes')),
    sa.PrimaryKeyConstraint('episode_id', 'name', name=op.f('pk_episode_variables')))
    op.drop_column('staff_users', 'defines_variables')  # in place: SQLite 3.35 and later
