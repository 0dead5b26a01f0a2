"""signal acknowledgements: a signal seen, what was done, when and by whom

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 20:20:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('signal_acknowledgements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('episode_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=30), nullable=False),
    sa.Column('session_number', sa.Integer(), nullable=False),
    sa.Column('raised_on', sa.Date(), nullable=False),
    sa.Column('action', sa.String(length=30), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=True),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('acknowledged_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['episode_id'], ['episodes.id'], name=op.f('fk_signal_acknowledgements_episode_id_episodes'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['staff_id'], ['staff_users.id'], name=op.f('fk_signal_acknowledgements_staff_id_staff_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_signal_acknowledgements')),
    sa.UniqueConstraint('episode_id', 'code', 'session_number', name=op.f('uq_signal_acknowledgements_episode_id_code_session_number'))
    )
    with op.batch_alter_table('signal_acknowledgements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_signal_acknowledgements_episode_id'), ['episode_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('signal_acknowledgements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_signal_acknowledgements_episode_id'))
    op.drop_table('signal_acknowledgements')
