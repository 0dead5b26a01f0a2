"""pivot stamp: one counter the database raises on every change to what pivots count; the
index pivots read a variable's values through (each episode's recordings, covered)

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-02 16:30:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None

TABLES = ("clients", "episodes", "recorded_values", "goals")  # models.pivots.STAMPED_TABLES


def upgrade() -> None:
    op.create_table('pivot_stamps',
    sa.Column('id', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('n', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pivot_stamps')))
    op.execute("INSERT INTO pivot_stamps (id, n) VALUES (1, 0)")
    op.drop_index('ix_recorded_values_key_code_episode', table_name='recorded_values')
    op.create_index('ix_recorded_values_key_episode', 'recorded_values',
                    ['key', 'episode_id', 'review_id', 'option_code', 'number', 'id'])
    if op.get_bind().dialect.name == "postgresql":
        # A changing statement notes its transaction (a row of its own: no lock on the counter,
        # so writers never wait for each other's imports); at commit the note raises the
        # counter, in the writer's transaction, so a reader sees the stamp of the rows it sees.
        op.execute("""
            CREATE FUNCTION note_pivot_change() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                INSERT INTO pivot_stamps (id, n) VALUES (-txid_current(), 0) ON CONFLICT (id) DO NOTHING;
                RETURN NULL;
            END $$""")
        op.execute("""
            CREATE FUNCTION bump_pivot_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                DELETE FROM pivot_stamps WHERE id = NEW.id;
                INSERT INTO pivot_stamps (id, n) VALUES (1, 1)
                ON CONFLICT (id) DO UPDATE SET n = pivot_stamps.n + 1;
                RETURN NULL;
            END $$""")
        op.execute("CREATE CONSTRAINT TRIGGER pivot_stamp_at_commit AFTER INSERT ON pivot_stamps "
                   "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.id < 0) "
                   "EXECUTE FUNCTION bump_pivot_stamp()")
        for table in TABLES:
            op.execute(f"CREATE TRIGGER pivot_stamp_{table} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
                       f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION note_pivot_change()")
    else:
        # SQLite has row triggers only: updates and deletes (rare, small) raise the counter;
        # inserts show in the highest ids, which the stamp reads too.
        for table in TABLES:
            for event in ("UPDATE", "DELETE"):
                op.execute(f"""
                    CREATE TRIGGER pivot_stamp_{table}_{event.lower()} AFTER {event} ON {table}
                    BEGIN
                        INSERT OR IGNORE INTO pivot_stamps (id, n) VALUES (1, 0);
                        UPDATE pivot_stamps SET n = n + 1 WHERE id = 1;
                    END""")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in TABLES:
            op.execute(f"DROP TRIGGER pivot_stamp_{table} ON {table}")
        op.execute("DROP TRIGGER pivot_stamp_at_commit ON pivot_stamps")
        op.execute("DROP FUNCTION note_pivot_change()")
        op.execute("DROP FUNCTION bump_pivot_stamp()")
    else:
        for table in TABLES:
            for event in ("update", "delete"):
                op.execute(f"DROP TRIGGER pivot_stamp_{table}_{event}")
    op.drop_index('ix_recorded_values_key_episode', table_name='recorded_values')
    op.create_index('ix_recorded_values_key_code_episode', 'recorded_values', ['key', 'option_code', 'episode_id'])
    op.drop_table('pivot_stamps')
