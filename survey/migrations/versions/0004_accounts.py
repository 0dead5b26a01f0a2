"""staff accounts: a session version, bumped to end every session of the account

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 20:30:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


# In place, not in batch mode (see 0003: a batch copy would cascade to the staff's units).
def upgrade() -> None:
    op.add_column('staff_users', sa.Column('session_version', sa.Integer(), server_default='1',
                                           nullable=False))


def downgrade() -> None:
    op.drop_column('staff_users', 'session_version')
