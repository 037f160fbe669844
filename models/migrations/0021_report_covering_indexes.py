from tortoise import migrations
from tortoise.migrations import operations as ops

# Issue 19 at `mid` size (1,000,000 activities, 200,000 contacts): the reports read activities
# by time range (interactions, activities per rep, first contacts) and by contact (last
# interaction, first contact), and contacts by creation date (new leads), always live rows only
# and under a row scope of owner and department. Partial indexes over live rows that carry those
# columns let PostgreSQL answer from the index alone (INCLUDE); SQLite has no INCLUDE, so the
# columns are key columns there.
INDEXES = (
    (
        "idx_activity_live_range",
        "activity",
        ("occurred_at",),
        ("contact_id", "owner_id", "department_id", "kind", "outcome"),
    ),
    (
        "idx_activity_live_contact",
        "activity",
        ("contact_id", "occurred_at"),
        ("owner_id", "department_id"),
    ),
    ("idx_contact_live_created", "contact", ("created_at",), ("owner_id", "department_id")),
)


def _quoted(columns: tuple[str, ...]) -> str:
    return ", ".join(f'"{c}"' for c in columns)


async def forward(apps: object, schema_editor: object) -> None:
    client = schema_editor.client  # type: ignore[attr-defined]
    postgres = client.capabilities.dialect == "postgres"
    for name, table, keys, carried in INDEXES:
        if postgres:
            columns = f"({_quoted(keys)}) INCLUDE ({_quoted(carried)})"
        else:
            columns = f"({_quoted(keys + carried)})"
        await client.execute_script(
            f'CREATE INDEX "{name}" ON "{table}" {columns} WHERE "deleted_at" IS NULL'
        )


async def backward(apps: object, schema_editor: object) -> None:
    client = schema_editor.client  # type: ignore[attr-defined]
    for name, _, _, _ in INDEXES:
        await client.execute_script(f'DROP INDEX "{name}"')


class Migration(migrations.Migration):
    dependencies = [('tandem', '0020_reminder_channels')]

    initial = False

    operations = [ops.RunPython(forward, backward)]
