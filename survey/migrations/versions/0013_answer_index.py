"""answer index: every count of a round's answers read from one index, never the table

The round reports count answers per question and option for a round's responses; the index
(response_id, item_key, option_key) holds everything those counts read.

Revision ID: 0013
Revises: 0017
Create Date: 2026-12-02 03:30:00
"""
from alembic import op

revision = '0013'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_answers_response_item_option', 'answers',
                    ['response_id', 'item_key', 'option_key'])


def downgrade() -> None:
    op.drop_index('ix_answers_response_item_option', table_name='answers')
