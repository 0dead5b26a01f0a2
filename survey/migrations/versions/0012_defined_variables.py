"""defined variables: a service's own versioned variables and their recorded values, age at
intake and age-group schemes, record reviews and imports of records; the built-in variables
become the starter set and their stored values move over

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 03:20:00
"""
import sqlalchemy as sa
from alembic import op

from survey.domain.age_schemes import STARTER_SCHEMES
from survey.domain.variables import starter_set

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None



def upgrade() -> None:
    op.create_table('record_reviews',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_record_reviews_unit_id_units')),
    sa.ForeignKeyConstraint(['created_by'], ['staff_users.id'], name=op.f('fk_record_reviews_created_by_staff_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_record_reviews')))
    op.create_index(op.f('ix_record_reviews_unit_id'), 'record_reviews', ['unit_id'])
    op.create_table('record_imports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('rows', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=True),
    sa.Column('imported_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_record_imports_unit_id_units')),
    sa.ForeignKeyConstraint(['staff_id'], ['staff_users.id'], name=op.f('fk_record_imports_staff_id_staff_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_record_imports')),
    sa.UniqueConstraint('unit_id', 'sha256', name=op.f('uq_record_imports_unit_id_sha256')))
    op.create_index(op.f('ix_record_imports_unit_id'), 'record_imports', ['unit_id'])
    op.create_table('variables',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('phase', sa.String(length=12), nullable=False),
    sa.Column('names', sa.JSON(), nullable=False),
    sa.Column('help', sa.JSON(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('retired', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_variables_unit_id_units')),
    sa.ForeignKeyConstraint(['created_by'], ['staff_users.id'], name=op.f('fk_variables_created_by_staff_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_variables')),
    sa.UniqueConstraint('key', 'version', name=op.f('uq_variables_key_version')))
    op.create_index(op.f('ix_variables_key'), 'variables', ['key'])
    op.create_index(op.f('ix_variables_unit_id'), 'variables', ['unit_id'])
    op.create_table('variable_options',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('variable_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('labels', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['variable_id'], ['variables.id'], name=op.f('fk_variable_options_variable_id_variables'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_variable_options')),
    sa.UniqueConstraint('variable_id', 'code', name=op.f('uq_variable_options_variable_id_code')))
    op.create_table('recorded_values',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('episode_id', sa.Integer(), nullable=False),
    sa.Column('variable_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('option_code', sa.String(length=40), nullable=True),
    sa.Column('number', sa.Double(), nullable=True),
    sa.Column('day', sa.Date(), nullable=True),
    sa.Column('text', sa.String(length=500), nullable=True),
    sa.Column('review_id', sa.Integer(), nullable=True),
    sa.Column('record_import_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.Column('recorded_by', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['episode_id'], ['episodes.id'], name=op.f('fk_recorded_values_episode_id_episodes'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['variable_id'], ['variables.id'], name=op.f('fk_recorded_values_variable_id_variables')),
    sa.ForeignKeyConstraint(['review_id'], ['record_reviews.id'], name=op.f('fk_recorded_values_review_id_record_reviews'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['record_import_id'], ['record_imports.id'], name=op.f('fk_recorded_values_record_import_id_record_imports'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by'], ['staff_users.id'], name=op.f('fk_recorded_values_recorded_by_staff_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recorded_values')))
    op.create_index('ix_recorded_values_key_code_episode', 'recorded_values', ['key', 'option_code', 'episode_id'])
    op.create_index(op.f('ix_recorded_values_episode_id'), 'recorded_values', ['episode_id'])
    op.create_index(op.f('ix_recorded_values_review_id'), 'recorded_values', ['review_id'])
    op.create_index(op.f('ix_recorded_values_record_import_id'), 'recorded_values', ['record_import_id'])
    op.create_table('age_schemes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('names', sa.JSON(), nullable=False),
    sa.Column('bands', sa.String(length=400), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_age_schemes')),
    sa.UniqueConstraint('key', name=op.f('uq_age_schemes_key')))
    # In place, not in batch mode: a batch copy of a table on SQLite cascades away its links.
    # No foreign key (SQLite adds none to a table in place): undoing an import deletes its rows.
    for table in ('clients', 'episodes'):
        op.add_column(table, sa.Column('record_import_id', sa.Integer(), nullable=True))
        op.create_index(op.f(f'ix_{table}_record_import_id'), table, ['record_import_id'])
    op.add_column('episodes', sa.Column('age_at_intake', sa.Integer(), nullable=True))
    op.add_column('episodes', sa.Column('length_group', sa.String(length=20), nullable=True))
    _starter_data()


def _starter_data() -> None:
    """The starter variables and age schemes, and the built-in variables' stored values moved
    over to the variables that replace them (version 1 of each)."""
    bind = op.get_bind()
    meta = sa.MetaData()
    meta.reflect(bind, only=('variables', 'variable_options', 'recorded_values', 'age_schemes',
                             'episode_variables'))
    variables, options = meta.tables['variables'], meta.tables['variable_options']
    now = sa.func.now()
    ids = {}
    for position, spec in enumerate(starter_set()):
        ids[spec.key] = bind.execute(variables.insert().values(
            key=spec.key, version=1, unit_id=None, kind=spec.kind, phase=spec.phase,
            names=dict(spec.names), help=dict(spec.help), position=position, retired=False,
            created_at=now).returning(variables.c.id)).scalar_one()
        for index, option in enumerate(spec.options):
            bind.execute(options.insert().values(variable_id=ids[spec.key], code=option.code,
                                                 position=index, labels=dict(option.labels)))
    schemes = meta.tables['age_schemes']
    for position, scheme in enumerate(STARTER_SCHEMES):
        bind.execute(schemes.insert().values(
            key=scheme.key, names=scheme.names, position=position,
            bands=", ".join(band.code for band in scheme.bands)))
    old, new = meta.tables['episode_variables'], meta.tables['recorded_values']
    for key, variable_id in ids.items():
        bind.execute(new.insert().from_select(
            ['episode_id', 'variable_id', 'key', 'option_code', 'recorded_at'],
            sa.select(old.c.episode_id, sa.literal(variable_id), sa.literal(key), old.c.value, now)
            .where(old.c.name == key)))


def downgrade() -> None:
    for table in ('clients', 'episodes'):
        op.drop_index(op.f(f'ix_{table}_record_import_id'), table_name=table)
    op.drop_column('episodes', 'length_group')  # in place: SQLite 3.35 and later
    op.drop_column('episodes', 'age_at_intake')
    for table in ('clients', 'episodes'):
        op.drop_column(table, 'record_import_id')
    op.drop_table('age_schemes')
    op.drop_table('recorded_values')
    op.drop_table('variable_options')
    op.drop_table('variables')
    op.drop_table('record_imports')
    op.drop_table('record_reviews')
