"""Build expensive test data once per session, restore it cheaply in each test that asks.

`snapshot_take(build)` runs `build()` inside a transaction that it rolls back, after reading
every row the build added (in every table, history and many-to-many tables included). Each test
then gets the same rows back with `snapshot_restore(snapshot)`: a few multi-row inserts per
table, inside the test's own transaction, so the test is isolated (rolled back after it) and tests
that don't ask for the data still start from an empty database.

The rows keep the primary keys they were given at build time, so references between them hold.
On SQLite the build starts every auto-increment counter at `PK_OFFSET`, so those keys never meet
the ones a test's own rows get (the counters go back to zero with the rollback); PostgreSQL
sequences never go back, so keys a test draws later are always above the snapshot's. Timestamps
set with `auto_now`/`auto_now_add` are set again at restore time, as if the rows were made then.
No model signal is sent at restore: history rows and the like come from the snapshot itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import connection, models, transaction
from django.utils import timezone

PK_OFFSET = 1_000_000


@dataclass(frozen=True)
class Table:
    """One table's added rows, ready to insert: values as the database takes them (prepared
    once), and which columns take the restore time instead (`auto_now`, `auto_now_add`)."""

    model: type[models.Model]
    columns: tuple[str, ...]
    rows: tuple[tuple, ...]
    timestamps: tuple[int, ...]

    @property
    def batch(self) -> int:
        """Rows per INSERT statement, within the backend's limit on parameters."""
        limit = min(connection.features.max_query_params or 65535, 65535)
        return max(1, min(limit // len(self.columns), 2000))

    def insert_sql(self, rows: int) -> str:
        quote = connection.ops.quote_name
        names = ", ".join(quote(self.model._meta.get_field(c).column) for c in self.columns)
        values = ", ".join(["(" + ", ".join(["%s"] * len(self.columns)) + ")"] * rows)
        return f"INSERT INTO {quote(self.model._meta.db_table)} ({names}) VALUES {values}"


@dataclass(frozen=True)
class Snapshot:
    """The rows a build added, per table in creation order, and what the build returned."""

    tables: tuple[Table, ...]
    value: Any
    # Rows that were there before the build and that the added rows point to (content types,
    # permissions, groups...), as they were: {model: {pk: row}}.
    references: dict[type[models.Model], dict[Any, tuple]]

    def count(self, model: type[models.Model]) -> int:
        return sum(len(table.rows) for table in self.tables if table.model is model)

    def is_current(self) -> bool:
        """Whether every row outside the snapshot that its rows point to is still there,
        unchanged. A transactional test flushes the database, and the content types,
        permissions and groups made again after it get new keys: the snapshot is then stale."""
        return all(_rows(model, pks=list(rows)) == rows for model, rows in self.references.items())


class SnapshotError(Exception):
    """The build did something a snapshot cannot replay (it changed or removed existing rows)."""


def snapshot_models() -> list[type[models.Model]]:
    """Every table a snapshot looks at: all concrete, managed models, many-to-many tables too."""
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy and not model._meta.swapped
    ]


def _columns(model: type[models.Model]) -> tuple[str, ...]:
    return tuple(field.attname for field in model._meta.concrete_fields)


def _rows(model: type[models.Model], pks: list | None = None) -> dict[Any, tuple]:
    columns = _columns(model)
    pk_index = columns.index(model._meta.pk.attname)
    rows = model._base_manager.order_by("pk")
    if pks is not None:
        rows = rows.filter(pk__in=pks)
    return {row[pk_index]: row for row in rows.values_list(*columns)}


def _references(
    added: dict[type[models.Model], list[tuple]], before: dict[type[models.Model], dict]
) -> dict[type[models.Model], dict[Any, tuple]]:
    """The rows from `before` that the `added` rows point to through a foreign key."""
    found: dict[type[models.Model], dict[Any, tuple]] = {}
    for model, rows in added.items():
        for index, field in enumerate(model._meta.concrete_fields):
            if not (field.is_relation and (field.many_to_one or field.one_to_one)):
                continue
            target = field.remote_field.model
            old = before.get(target, {})
            for row in rows:
                if row[index] in old:
                    found.setdefault(target, {})[row[index]] = old[row[index]]
    return found


def _table(model: type[models.Model], rows: list[tuple]) -> Table:
    fields = model._meta.concrete_fields
    prepared = tuple(
        tuple(
            field.get_db_prep_save(value, connection=connection)
            for field, value in zip(fields, row, strict=True)
        )
        for row in rows
    )
    timestamps = tuple(
        i
        for i, field in enumerate(fields)
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    )
    return Table(model, _columns(model), prepared, timestamps)


def _start_counters_at(offset: int, tables: list[type[models.Model]]) -> None:
    """SQLite only: the next automatic key of every table is above `offset` (rolled back with
    the build's transaction)."""
    with connection.cursor() as cursor:
        for model in tables:
            if isinstance(model._meta.pk, models.fields.AutoFieldMixin):
                table = model._meta.db_table
                cursor.execute("DELETE FROM sqlite_sequence WHERE name = %s", [table])
                cursor.execute(
                    "INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, offset]
                )


def snapshot_take(build: Callable[[], Any]) -> Snapshot:
    """Run `build()` in a rolled-back transaction and return the rows it added.

    Raises SnapshotError if the build changed or deleted a row that was there before: a
    snapshot only replays additions.
    """
    all_models = snapshot_models()
    with transaction.atomic():
        before = {model: _rows(model) for model in all_models}
        if connection.vendor == "sqlite":
            _start_counters_at(PK_OFFSET, all_models)
        value = build()
        added = {}
        for model in all_models:
            after = _rows(model)
            old = before[model]
            changed = [pk for pk, row in old.items() if after.get(pk) != row]
            if changed:
                raise SnapshotError(
                    f"{model._meta.label}: the build changed or deleted rows {changed[:5]}"
                )
            new = [row for pk, row in after.items() if pk not in old]
            if new:
                added[model] = new
        transaction.set_rollback(True)
    return Snapshot(
        tables=tuple(_table(model, rows) for model, rows in added.items()),
        value=value,
        references=_references(added, before),
    )


def snapshot_restore(snapshot: Snapshot) -> None:
    """Insert the snapshot's rows again, inside the caller's transaction: multi-row INSERT
    statements straight to the database (no model `save()`, no signals; one statement per row,
    as `executemany` does with psycopg2, costs seconds on PostgreSQL)."""
    now = timezone.now()
    with transaction.atomic(), connection.cursor() as cursor:
        for table in snapshot.tables:
            rows = table.rows
            if table.timestamps:
                fields = table.model._meta.concrete_fields
                stamps = {
                    i: fields[i].get_db_prep_save(now, connection=connection)
                    for i in table.timestamps
                }
                rows = [tuple(stamps.get(i, value) for i, value in enumerate(row)) for row in rows]
            for start in range(0, len(rows), table.batch):
                chunk = rows[start : start + table.batch]
                cursor.execute(
                    table.insert_sql(len(chunk)), [value for row in chunk for value in row]
                )


class SnapshotStore:
    """One snapshot of `build()`, taken on first use and again whenever it is stale (see
    `Snapshot.is_current`)."""

    def __init__(self, build: Callable[[], Any]):
        self._build = build
        self._snapshot: Snapshot | None = None

    def get(self) -> Snapshot:
        if self._snapshot is None or not self._snapshot.is_current():
            self._snapshot = snapshot_take(self._build)
        return self._snapshot
