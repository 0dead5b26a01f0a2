"""organisation-wide survey results for coordinators

Revision ID: 0003
Revises: 0002
"""
import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


# In place, not in batch mode: on SQLite a batch copy drops ``staff_users``, and dropping it
# would cascade to every staff member's units (tests/models/test_migrations.py).
def upgrade() -> None:
    op.add_column('staff_users', sa.Column('organisation_wide', sa.Boolean(), nullable=False,
                                           server_default=sa.false()))


def downgrade() -> None:
    op.drop_column('staff_users', 'organisation_wide')  # in place: SQLite 3.35 and later
