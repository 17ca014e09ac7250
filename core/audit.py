"""The audit trail.

Row-by-row changes (who, when, each field's old and new value) are recorded by
django-simple-history on every audited model (`history = HistoricalRecords()`); admin edits,
deletes and `bulk_create_with_history` / `bulk_update_with_history` all write history rows.
`QuerySet.update()` and raw SQL bypass it: bulk writes go through a service that uses the
`*_with_history` helpers and then calls `audit_bulk`, which writes ONE record of the operation
naming every row it touched. The record shows on each of those rows' admin history page.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction

from .models import AuditEvent, AuditEventRow

if TYPE_CHECKING:
    from .exporters import Exporter

#: The action of an export's record.
EXPORT = "export"


def _json_safe(detail: dict[str, Any]) -> dict[str, Any]:
    import json

    return json.loads(json.dumps(detail, cls=DjangoJSONEncoder))


@transaction.atomic
def audit_bulk(
    *,
    user: Any,
    action: str,
    model: type[models.Model] | models.Model,
    pks: Iterable[Any],
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Record one bulk operation: `user` did `action` ("import", "export", "bulk_update",
    "delete", …) on the rows `pks` of `model`, with `detail` (e.g. for an import:
    {"file": name, "sha256": digest, "counts": {...}}). Returns the record.

    Call it inside the same transaction as the write, so both happen or neither. `detail` must
    not contain personal data (no phones, e-mails, health results): it is shown to every staff
    user who may see one of the rows.
    """
    pk_list = [str(pk) for pk in pks]
    event = AuditEvent.objects.create(
        user=user if getattr(user, "is_authenticated", False) else None,
        action=action[:50],
        content_type=ContentType.objects.get_for_model(model, for_concrete_model=False),
        row_count=len(pk_list),
        detail=_json_safe(detail or {}),
    )
    AuditEventRow.objects.bulk_create(
        [AuditEventRow(event=event, object_id=pk) for pk in pk_list], batch_size=500
    )
    return event


def audit_export(*, user: Any, exporter: Exporter, fmt: str, row_count: int) -> AuditEvent:
    """Record one export or download: `user` wrote `row_count` rows of `exporter`'s list in
    format `fmt`. The record holds the list's identifier, the columns, the filters (codes,
    slugs, years), the format and the user's name, never a row's content: it names no rows
    (a national export has a million), so it shows in the audit admin (national staff), not on
    each record's history page.

    Called by `core.exporters.render` and `core.exporters.response` only, for every export.
    """
    detail = {
        **exporter.audit_detail(),
        "format": fmt,
        "username": getattr(user, "get_username", lambda: "")(),
    }
    return AuditEvent.objects.create(
        user=user if getattr(user, "is_authenticated", False) else None,
        action=EXPORT,
        content_type=ContentType.objects.get_for_model(
            exporter.queryset.model, for_concrete_model=False
        ),
        row_count=row_count,
        detail=_json_safe(detail),
    )


def audit_events_for(obj: models.Model) -> models.QuerySet[AuditEvent]:
    """The bulk operations that touched `obj`, newest first (for its history page)."""
    return (
        AuditEvent.objects.filter(
            content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
            rows__object_id=str(obj.pk),
        )
        .select_related("user")
        .distinct()
    )
