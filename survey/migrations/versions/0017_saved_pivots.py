"""saved pivots: a unit's named pivot tables

Revision ID: 0017
Revises: 0015
Create Date: 2026-12-02 03:30:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0017'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('saved_pivots',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('settings', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_saved_pivots_unit_id_units'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by'], ['staff_users.id'],
                            name=op.f('fk_saved_pivots_created_by_staff_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_saved_pivots')),
    sa.UniqueConstraint('unit_id', 'name', name=op.f('uq_saved_pivots_unit_id_name')))
    op.create_index(op.f('ix_saved_pivots_unit_id'), 'saved_pivots', ['unit_id'])


def downgrade() -> None:
    op.drop_index(op.f('ix_saved_pivots_unit_id'), table_name='saved_pivots')
    op.drop_table('saved_pivots')
