"""Where the program's records name people (UU PDP No. 27/2022; collected by `portal.privacy`).

Officials are named for an office they held in public (who opened or closed an event): a public
record. A subject request lists and exports them, never corrects or erases them (the admin's
official records do that, as for any public fact). No retention rule: they are kept with the
program's public history.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.privacy import SubjectQuery, SubjectRecord

from .models import Official

RETENTION_KINDS = ()


class OfficialSource:
    key = "official"
    label = gettext_lazy("officials (public record)")
    public = True
    record_model = Official

    def match(self, query: SubjectQuery, *, limit: int) -> list[str]:
        if not query.name:
            return []
        rows = Official.objects.filter(name__icontains=query.name).order_by("pk")
        return [str(pk) for pk in rows.values_list("pk", flat=True)[: limit + 1]]

    def load(self, pks: Iterable[str], *, query: SubjectQuery | None = None) -> list[SubjectRecord]:
        ids = [int(pk) for pk in pks if str(pk).isdigit()]
        officials = Official.objects.filter(pk__in=ids).select_related("institution")
        return [
            SubjectRecord(
                source=self.key,
                pk=str(official.pk),
                title=f"{official.name}, {official.position} ({official.institution})",
                data={
                    "name": official.name,
                    "position": official.position,
                    "institution": official.institution.name,
                },
                matched=["name"],
                public=True,
                erasure=_("public record: not erased by a request"),
            )
            for official in officials.order_by("pk")
        ]

    def correct(self, *, pk: str, changes: dict[str, Any], reason: str, user: Any) -> list[str]:
        raise NotImplementedError

    def erase(self, *, pks: list[str], query: SubjectQuery) -> dict[str, int]:
        raise NotImplementedError


SUBJECT_SOURCES = (OfficialSource(),)
