"""the speech rate a response was answered with (normal or slow)

Revision ID: 0007
Revises: 0005
Create Date: 2026-12-01 20:40:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0005'
branch_labels = None
depends_on = None


# In place, not in batch mode: a batch copy of ``responses`` on SQLite would cascade to answers.
def upgrade() -> None:
    op.add_column('responses', sa.Column('speech_rate', sa.String(length=10), nullable=True))


def downgrade() -> None:
    op.drop_column('responses', 'speech_rate')  # in place: SQLite 3.35 and later
