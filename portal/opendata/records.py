"""Dataset rows as JSON values for the JSON form and the public API, a page at a time."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

from django.db.models import F

from core.exporters import Exporter

from .exporters import _ComputedExporter


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if value is None or isinstance(value, int | str | float | bool):
        return value
    return str(value)  # Decimal coordinates: exact as text


def dataset_records(exporter: Exporter) -> Iterator[dict[str, Any]]:
    """The dataset's rows as dicts keyed by column, with typed values (numbers stay numbers),
    in one query read in chunks (or the computed rows of an aggregate)."""
    keys = [c.key for c in exporter.selected_columns]
    if isinstance(exporter, _ComputedExporter):
        for row in exporter._computed():
            yield {k: _json_value(row.get(k)) for k in keys}
        return
    labels = exporter.value_labels()
    for values in exporter.values_queryset().iterator(chunk_size=2000):
        record = {}
        for key, value in zip(keys, values, strict=True):
            if key in labels:
                value = labels[key].get(value, value)
            record[key] = _json_value(value)
        yield record


def dataset_values_page(
    exporter: Exporter, *, after_pk: int | None, limit: int
) -> tuple[list[dict[str, Any]], int | None]:
    """One page of a list dataset ordered by primary key, for the API's cursor pagination:
    the rows (dicts keyed by column) and the last row's key if there are more."""
    exprs = exporter.field_expressions()
    annotations = {
        f"_c_{key}": (F(expr) if isinstance(expr, str) else expr) for key, expr in exprs.items()
    }
    qs = exporter.queryset.order_by("pk")
    if after_pk is not None:
        qs = qs.filter(pk__gt=after_pk)
    rows = list(qs.annotate(**annotations).values("pk", *annotations)[: limit + 1])
    labels = exporter.value_labels()
    out = []
    for row in rows[:limit]:
        record = {}
        for key in exprs:
            value = row[f"_c_{key}"]
            if key in labels:
                value = labels[key].get(value, value)
            record[key] = _json_value(value)
        out.append(record)
    last = rows[limit - 1]["pk"] if len(rows) > limit else None
    return out, last
