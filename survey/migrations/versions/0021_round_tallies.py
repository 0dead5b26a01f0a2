"""round tallies: a round's counts kept at write time, filled from the answers stored so far

Organisation-wide reports sum these few thousand rows instead of every answer of a round
(issue 12). "Don't know" options come from the questionnaires the app loads
(SURVEY_QUESTIONNAIRE_DIR, else the bundled ones).

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-02 16:30:00
"""
import os
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None

_KEYS = {
    'respondent_tallies': [('unit_id', sa.Integer()), ('gender', sa.String(20)),
                           ('age_group', sa.String(10))],
    'answer_tallies': [('gender', sa.String(20)), ('age_group', sa.String(10)),
                       ('item_key', sa.String(60)), ('option_key', sa.String(60))],
    'unit_answer_tallies': [('unit_id', sa.Integer()), ('item_key', sa.String(60)),
                            ('option_key', sa.String(60))],
    'skip_tallies': [('unit_id', sa.Integer()), ('gender', sa.String(20)),
                     ('age_group', sa.String(10)), ('item_key', sa.String(60))],
}
_SQL = {'round_id': 'r.round_id', 'unit_id': 'r.unit_id',
        'gender': "COALESCE(r.gender, 'not-stated')",
        'age_group': "COALESCE(r.age_group, 'not-stated')",
        'item_key': 'a.item_key', 'option_key': "COALESCE(a.option_key, '')"}


def _dont_know(connection) -> dict[int, list[str]]:
    """Each round's "don't know" options, from its questionnaire."""
    from survey.config import BUNDLED_QUESTIONNAIRES
    from survey.domain.instruments import load_catalogue

    rounds = connection.execute(sa.text(
        'SELECT id, questionnaire_id, questionnaire_version FROM survey_rounds WHERE id IN '
        '(SELECT DISTINCT round_id FROM responses WHERE round_id IS NOT NULL)')).all()
    if not rounds:
        return {}
    catalogue = load_catalogue(Path(os.environ.get('SURVEY_QUESTIONNAIRE_DIR', str(BUNDLED_QUESTIONNAIRES))))
    found = {}
    for round_id, questionnaire_id, version in rounds:
        try:
            found[round_id] = list(catalogue.get(questionnaire_id, version).dont_know_keys)
        except KeyError:
            raise RuntimeError(f'round {round_id}: questionnaire {questionnaire_id} v{version} '
                               'not found; set SURVEY_QUESTIONNAIRE_DIR') from None
    return found


def _fill(connection, table: str, where: str = '', **params) -> None:
    columns = ['round_id', *(name for name, _ in _KEYS[table])]
    expressions = ', '.join(_SQL[c] for c in columns)
    answers = 'JOIN answers a ON a.response_id = r.id' if table != 'respondent_tallies' else ''
    statement = sa.text(
        f"INSERT INTO {table} ({', '.join(columns)}, n) SELECT {expressions}, count(*) "
        f"FROM responses r {answers} WHERE r.round_id IS NOT NULL {where} GROUP BY {expressions}")
    if 'keys' in params:
        statement = statement.bindparams(sa.bindparam('keys', expanding=True))
    connection.execute(statement, params)


def upgrade() -> None:
    for table, keys in _KEYS.items():
        op.create_table(
            table,
            sa.Column('round_id', sa.Integer(), nullable=False),
            *(sa.Column(name, kind, nullable=False) for name, kind in keys),
            sa.Column('n', sa.Integer(), nullable=False),
            sa.ForeignKeyConstraint(['round_id'], ['survey_rounds.id'],
                                    name=op.f(f'fk_{table}_round_id_survey_rounds'),
                                    ondelete='CASCADE'),
            *([sa.ForeignKeyConstraint(['unit_id'], ['units.id'],
                                       name=op.f(f'fk_{table}_unit_id_units'))]
              if keys[0][0] == 'unit_id' else []),
            sa.PrimaryKeyConstraint('round_id', *(name for name, _ in keys),
                                    name=op.f(f'pk_{table}')))
    connection = op.get_bind()
    for table in ('respondent_tallies', 'answer_tallies', 'unit_answer_tallies'):
        _fill(connection, table)
    for round_id, keys in _dont_know(connection).items():
        skipped = 'a.option_key IS NULL' + (' OR a.option_key IN :keys' if keys else '')
        _fill(connection, 'skip_tallies', f'AND r.round_id = :round AND ({skipped})',
              round=round_id, **({'keys': keys} if keys else {}))


def downgrade() -> None:
    for table in reversed(_KEYS):
        op.drop_table(table)
