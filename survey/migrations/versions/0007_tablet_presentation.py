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


def upgrade() -> None:
    with op.batch_alter_table('responses', schema=None) as batch_op:
        batch_op.add_column(sa.Column('speech_rate', sa.String(length=10), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('responses', schema=None) as batch_op:
        batch_op.drop_column('speech_rate')
