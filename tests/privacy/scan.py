"""Search the whole database, every table (history tables and the audit trail included), for a
value: where does it still survive?"""

from django.db import connection


def tables_holding(value: str) -> list[str]:
    """Names of the tables with a row whose text contains `value`."""
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT * FROM {quoted}")  # noqa: S608 (table names from the catalogue)
            if any(value in str(cell) for row in cursor.fetchall() for cell in row if cell):
                found.append(table)
    return found
