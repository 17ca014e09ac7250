"""The CSV fast path on PostgreSQL: ``COPY (SELECT ...) TO STDOUT``, beside the Python CSV path
(core/exporters/csv.py) and writing the same bytes.

The exporter's own ``values_list`` query is wrapped in an outer SELECT that applies the value
labels (``CASE``) and the formula guard (`core.formulas.postgres_neutralise`, the same rule as
the Python path), and turns empty text into NULL (COPY writes ``""`` for an empty string
and nothing for NULL; the Python path writes nothing). psycopg2 hands COPY's output to the file
object from C, one row per ``write`` call; a buffered file keeps those cheap.
"""

from __future__ import annotations

from typing import IO, TYPE_CHECKING

from django.db import connection

from core.formulas import neutralise, postgres_neutralise

if TYPE_CHECKING:
    from .base import Exporter


def sql_literal(value: str) -> str:
    """A PostgreSQL string literal (standard_conforming_strings: only quotes are doubled)."""
    return "'" + str(value).replace("'", "''") + "'"


def _cell_literal(text: str) -> str:
    return sql_literal(text) if text else "NULL"


def copy_select(exporter: Exporter) -> str:
    """The SELECT whose rows COPY writes: labels, formula guard, empty text as NULL. Also what
    bench/export_bench.py gives psql's ``\\copy`` to compare with."""
    inner_sql, params = exporter.values_queryset().query.sql_with_params()
    with connection.cursor() as cursor:
        inner = cursor.mogrify(inner_sql, params).decode()
    labels = exporter.value_labels()
    outer = []
    for i, column in enumerate(exporter.selected_columns):
        ref = f"t.c{i}::text"
        guarded = postgres_neutralise(ref, empty_as_null=True)
        mapping = labels.get(column.key)
        if mapping:
            # A label is a constant: guarded here, in Python, once. Only a value without a label
            # is guarded in SQL, and a row evaluates the label's CASE once, not three times.
            whens = " ".join(
                f"WHEN {sql_literal(k)} THEN {_cell_literal(neutralise(v))}"
                for k, v in mapping.items()
            )
            guarded = f"CASE {ref} {whens} ELSE {guarded} END"
        outer.append(guarded)
    aliases = ", ".join(f"c{i}" for i in range(len(exporter.selected_columns)))
    return f"SELECT {', '.join(outer)} FROM ({inner}) AS t({aliases})"


def copy_sql(exporter: Exporter, delimiter: str = ",") -> str:
    """``COPY (...) TO STDOUT`` for the exporter's rows, as CSV with ``delimiter``."""
    return (
        f"COPY ({copy_select(exporter)}) TO STDOUT "
        f"WITH (FORMAT csv, DELIMITER {sql_literal(delimiter)}, ENCODING 'UTF8')"
    )


def copy_to(exporter: Exporter, out: IO[bytes], delimiter: str = ",") -> int:
    """Write the CSV rows (no header) with COPY straight into ``out``; returns the number of
    rows."""
    if exporter.values_queryset().query.is_empty():
        return 0  # .none() (no scope): nothing to COPY, and no SQL to build for it
    with connection.cursor() as cursor:
        # (psycopg2's ``size`` argument only matters for COPY FROM: left at its default.)
        cursor.copy_expert(copy_sql(exporter, delimiter), out)
        return getattr(cursor, "cursor", cursor).rowcount  # Django's wrapper or psycopg2's
