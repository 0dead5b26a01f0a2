"""review imports: a file of a review's values is an import of that review

Revision ID: 0018
Revises: 0013
Create Date: 2026-12-02 10:50:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0018'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # In place, not in batch mode: a batch copy of record_imports on SQLite cascades away its
    # values; so no foreign key (SQLite adds none in place).
    op.add_column('record_imports', sa.Column('review_id', sa.Integer(), nullable=True))


def downgrade() -> None:
    op.drop_column('record_imports', 'review_id')
