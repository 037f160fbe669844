"""Invoice numbers without gaps or duplicates per series and year, even when many are issued
at once: the counter row of the series and year is created if missing (INSERT ... ON CONFLICT
DO NOTHING) and advanced with one ``UPDATE ... SET last_number = last_number + 1 RETURNING``
inside the issuing transaction. On PostgreSQL the UPDATE takes the row lock, so a concurrent issuer
waits until this transaction commits or rolls back and then reads the committed value: a
rolled-back issue gives its number back and no number is skipped. On SQLite the database lock
serialises whole transactions. The (series, year, number) unique constraint is the last guard.
"""

from __future__ import annotations

from models import unit_of_work


async def next_number(series: str, year: int) -> int:
    unit = unit_of_work.current()
    assert unit is not None, "a number is taken inside the issuing unit of work"
    conn = unit.connection
    pg = conn.capabilities.dialect == "postgres"
    p1, p2 = ("$1", "$2") if pg else ("?", "?")
    await conn.execute_query(
        "INSERT INTO invoice_counter (series, year, last_number, version, created_at, updated_at) "
        f"VALUES ({p1}, {p2}, 0, 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP) "
        "ON CONFLICT (series, year) DO NOTHING",
        [series, year],
    )
    # execute_query_dict: Tortoise's execute_query drops the rows of an UPDATE on asyncpg.
    rows = await conn.execute_query_dict(
        "UPDATE invoice_counter SET last_number = last_number + 1 "
        f"WHERE series = {p1} AND year = {p2} RETURNING last_number",
        [series, year],
    )
    return int(rows[0]["last_number"])
