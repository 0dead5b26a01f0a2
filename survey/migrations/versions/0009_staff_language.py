"""staff language: each account's choice of language for the staff pages

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 23:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # In place, not in batch mode: a batch copy of staff_users on SQLite cascades away its links.
    op.add_column('staff_users', sa.Column('language', sa.String(length=8), nullable=True))


def downgrade() -> None:
    op.drop_column('staff_users', 'language')  # in place: SQLite 3.35 and later
