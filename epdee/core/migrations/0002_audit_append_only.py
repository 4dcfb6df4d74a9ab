"""Make the audit log append-only in the database itself, below the ORM.

PostgreSQL refuses UPDATE and DELETE. SQLite refuses UPDATE only: Django's test flush empties
tables there with DELETE (on PostgreSQL it uses TRUNCATE, which row triggers do not see).
"""

from django.db import migrations

POSTGRES_UP = [
    """
    CREATE OR REPLACE FUNCTION core_audit_append_only() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION 'audit events are append-only (%% on core_auditevent refused)', TG_OP;
    END;
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER core_auditevent_append_only BEFORE UPDATE OR DELETE ON core_auditevent
    FOR EACH ROW EXECUTE FUNCTION core_audit_append_only()
    """,
]
POSTGRES_DOWN = [
    "DROP TRIGGER IF EXISTS core_auditevent_append_only ON core_auditevent",
    "DROP FUNCTION IF EXISTS core_audit_append_only()",
]
SQLITE_UP = [
    """
    CREATE TRIGGER core_auditevent_append_only BEFORE UPDATE ON core_auditevent
    BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END
    """,
]
SQLITE_DOWN = ["DROP TRIGGER IF EXISTS core_auditevent_append_only"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES_UP, "sqlite": SQLITE_UP}),
            _run({"postgresql": POSTGRES_DOWN, "sqlite": SQLITE_DOWN}),
        ),
    ]
