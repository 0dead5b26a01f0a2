"""undone imports: an undone record import stays listed, with when it was taken out

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-02 16:30:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # In place (a batch copy of record_imports on SQLite would cascade away its values).
    op.add_column('record_imports', sa.Column('undone_at', sa.DateTime(), nullable=True))


def downgrade() -> None:
    op.drop_column('record_imports', 'undone_at')
