"""team lead: a therapist's permission to see their units' open signals and results

Revision ID: 0011
Revises: 0009
Create Date: 2026-12-01 23:10:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # In place, not in batch mode: a batch copy of staff_users on SQLite cascades away its links.
    op.add_column('staff_users', sa.Column('team_lead', sa.Boolean(), nullable=False,
                                           server_default=sa.false()))


def downgrade() -> None:
    op.drop_column('staff_users', 'team_lead')  # in place: SQLite 3.35 and later
