"""record reviews: a review's selection (intervention types, a period), the variable versions
it records and the episodes it goes through (who, when, done); the reviewer role

The role needs nothing here: ``staff_users.role`` is a portable enum (a VARCHAR(20) without a
CHECK constraint on SQLite and PostgreSQL alike, ``models.base.enum_column``), so "reviewer"
is stored like any other value.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02 03:10:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # In place, not in batch mode: a batch copy of a table on SQLite cascades away its links.
    op.add_column('record_reviews', sa.Column('intervention_types', sa.String(length=400),
                                              server_default='', nullable=False))
    op.add_column('record_reviews', sa.Column('period_from', sa.Date(), nullable=True))
    op.add_column('record_reviews', sa.Column('period_to', sa.Date(), nullable=True))
    op.create_table('record_review_variables',
    sa.Column('review_id', sa.Integer(), nullable=False),
    sa.Column('variable_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['review_id'], ['record_reviews.id'], name=op.f('fk_record_review_variables_review_id_record_reviews'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['variable_id'], ['variables.id'], name=op.f('fk_record_review_variables_variable_id_variables')),
    sa.PrimaryKeyConstraint('review_id', 'variable_id', name=op.f('pk_record_review_variables')))
    op.create_table('record_review_episodes',
    sa.Column('review_id', sa.Integer(), nullable=False),
    sa.Column('episode_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('done', sa.Boolean(), nullable=False),
    sa.Column('reviewed_at', sa.DateTime(), nullable=True),
    sa.Column('reviewed_by', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['review_id'], ['record_reviews.id'], name=op.f('fk_record_review_episodes_review_id_record_reviews'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['episode_id'], ['episodes.id'], name=op.f('fk_record_review_episodes_episode_id_episodes'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reviewed_by'], ['staff_users.id'], name=op.f('fk_record_review_episodes_reviewed_by_staff_users')),
    sa.PrimaryKeyConstraint('review_id', 'episode_id', name=op.f('pk_record_review_episodes')),
    sa.UniqueConstraint('review_id', 'position', name=op.f('uq_record_review_episodes_review_id_position')))
    op.create_index(op.f('ix_record_review_episodes_episode_id'), 'record_review_episodes', ['episode_id'])


def downgrade() -> None:
    op.drop_index(op.f('ix_record_review_episodes_episode_id'), table_name='record_review_episodes')
    op.drop_table('record_review_episodes')
    op.drop_table('record_review_variables')
    for column in ('period_to', 'period_from', 'intervention_types'):
        op.drop_column('record_reviews', column)  # in place: SQLite 3.35 and later
