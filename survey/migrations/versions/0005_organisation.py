"""the organisation, units in a tree (parent, active), one-time password resets

Each distinct free-text ``unit_group`` becomes an area unit, parent of the units in it.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 20:30:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('organisations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organisations'))
    )
    op.create_table('password_resets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.Column('used_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['staff_id'], ['staff_users.id'], name=op.f('fk_password_resets_staff_id_staff_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_password_resets')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_password_resets_token_hash'))
    )
    with op.batch_alter_table('password_resets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_password_resets_staff_id'), ['staff_id'], unique=False)

    # Columns are added and dropped in place, never by copying the table: on SQLite a copy
    # drops ``units``, and dropping it would cascade to every row that refers to a unit.
    sqlite = op.get_bind().dialect.name == 'sqlite'
    if sqlite:
        op.execute('ALTER TABLE units ADD COLUMN parent_id INTEGER CONSTRAINT fk_units_parent_id_units '
                   'REFERENCES units (id)')
    else:
        op.add_column('units', sa.Column('parent_id', sa.Integer(), nullable=True))
        op.create_foreign_key(op.f('fk_units_parent_id_units'), 'units', 'units', ['parent_id'], ['id'])
    op.add_column('units', sa.Column('active', sa.Boolean(), server_default='1', nullable=False))
    op.create_index(op.f('ix_units_parent_id'), 'units', ['parent_id'], unique=False)

    units = sa.table('units', sa.column('id', sa.Integer()), sa.column('name', sa.String()),
                     sa.column('service_type', sa.String()), sa.column('unit_group', sa.String()),
                     sa.column('parent_id', sa.Integer()), sa.column('active', sa.Boolean()),
                     sa.column('follow_up_months', sa.Integer()), sa.column('variables', sa.String()),
                     sa.column('created_at', sa.DateTime()))
    connection = op.get_bind()
    groups = [row[0] for row in connection.execute(
        sa.select(units.c.unit_group).where(units.c.unit_group.is_not(None)).distinct())]
    for group in groups:
        parent_id = connection.execute(sa.select(units.c.id).where(units.c.name == group)).scalar()
        if parent_id is None:
            connection.execute(units.insert().values(
                name=group, service_type='area', active=True, follow_up_months=3, variables='',
                created_at=sa.func.current_timestamp()))
            parent_id = connection.execute(sa.select(units.c.id).where(units.c.name == group)).scalar()
        connection.execute(units.update().where(units.c.unit_group == group, units.c.id != parent_id)
                           .values(parent_id=parent_id))

    op.drop_column('units', 'unit_group')  # in place: SQLite 3.35 and later


def downgrade() -> None:
    op.add_column('units', sa.Column('unit_group', sa.String(length=120), nullable=True))
    op.execute("UPDATE units SET unit_group = (SELECT p.name FROM units AS p WHERE p.id = units.parent_id)")
    op.drop_index(op.f('ix_units_parent_id'), table_name='units')
    if op.get_bind().dialect.name != 'sqlite':
        op.drop_constraint(op.f('fk_units_parent_id_units'), 'units', type_='foreignkey')
    op.drop_column('units', 'active')
    op.drop_column('units', 'parent_id')
    with op.batch_alter_table('password_resets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_password_resets_staff_id'))
    op.drop_table('password_resets')
    op.drop_table('organisations')
