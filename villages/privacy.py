"""The personal data of village libraries, how long it is kept, and how a person's request
reaches it (UU PDP No. 27/2022; collected by `portal.privacy`).

A library's phone, e-mail and manager's name are personal data: the phone and e-mail are often
the manager's own (see `VillageLibrary.phone`), and the name is a private person's, not an office
holder's (it is not on the public pages). Their purpose is reaching the library while it takes
part in the program, so:
- an inactive library keeps them for the retention period after its last change, then they are
  blanked (the library itself, its name, address and description, is a public record and stays);
- an earlier manager's name, phone or e-mail left in the history is blanked once it has been
  replaced for longer than the retention period, and a deleted library's once it has been deleted
  that long.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.privacy import (
    GENERAL,
    RetentionKind,
    ShredCount,
    SubjectQuery,
    SubjectRecord,
    phone_key,
    start_of_day,
)

from .models import VillageLibrary

HistoricalLibrary = VillageLibrary.history.model
CONTACT_FIELDS = ("manager_name", "phone", "email")
_CHUNK = 500


def _plan(cutoff: datetime.date) -> tuple[list[int], dict[int, frozenset[str]]]:
    """Libraries whose live contact fields are past retention, and for each history row past
    it the fields to blank: `(library ids, {history_id: fields})`."""
    since = start_of_day(cutoff)
    live = {
        row["id"]: row
        for row in VillageLibrary.objects.values("id", "is_active", "modified", *CONTACT_FIELDS)
    }
    expired = {pk for pk, row in live.items() if not row["is_active"] and row["modified"] < since}
    live_rows = sorted(pk for pk in expired if any(live[pk][name] for name in CONTACT_FIELDS))
    rows_by_library: dict[int, list[dict[str, Any]]] = defaultdict(list)
    history = HistoricalLibrary.objects.order_by("id", "history_date", "history_id").values(
        "history_id", "id", "history_date", "history_type", *CONTACT_FIELDS
    )
    for row in history.iterator(chunk_size=2000):
        rows_by_library[row["id"]].append(row)

    blank: dict[int, frozenset[str]] = {}
    for pk, rows in rows_by_library.items():
        if pk in live:
            whole, replaced_late = pk in expired, live[pk]["modified"]
        else:  # deleted: its last history row is the deletion
            whole = rows[-1]["history_date"] < since
            replaced_late = rows[-1]["history_date"]
        for i, row in enumerate(rows):
            fields = set()
            for name in CONTACT_FIELDS:
                value = row[name]
                if not value:
                    continue
                if whole:
                    fields.add(name)
                    continue
                if pk in live and value == live[pk][name]:
                    continue  # still in use
                # Replaced when a later version first differs (or, if none does, no later than
                # the live row's last change): a value is kept the full period after that.
                replaced = next(
                    (later["history_date"] for later in rows[i + 1 :] if later[name] != value),
                    replaced_late,
                )
                if replaced < since:
                    fields.add(name)
            if fields:
                blank[row["history_id"]] = frozenset(fields)
    return live_rows, blank


def library_contacts_count(cutoff: datetime.date) -> ShredCount:
    live_rows, blank = _plan(cutoff)
    return ShredCount(rows=len(live_rows), history_rows=len(blank))


def library_contacts_shred(cutoff: datetime.date) -> ShredCount:
    """Blank the library contacts past retention, live and in the history."""
    live_rows, blank = _plan(cutoff)
    for start in range(0, len(live_rows), _CHUNK):
        VillageLibrary.objects.filter(id__in=live_rows[start : start + _CHUNK]).update(
            **{name: "" for name in CONTACT_FIELDS}
        )
    by_fields: dict[frozenset[str], list[int]] = defaultdict(list)
    for history_id, fields in blank.items():
        by_fields[fields].append(history_id)
    for fields, history_ids in by_fields.items():
        for start in range(0, len(history_ids), _CHUNK):
            HistoricalLibrary.objects.filter(
                history_id__in=history_ids[start : start + _CHUNK]
            ).update(**{name: "" for name in fields})
    return ShredCount(rows=len(live_rows), history_rows=len(blank), record_ids=tuple(live_rows))


RETENTION_KINDS = (
    RetentionKind(
        key="library_contacts",
        label=gettext_lazy("library contact details"),
        holds=gettext_lazy(
            "a library's manager's name, phone number and e-mail address (often the manager's "
            "own), and earlier ones left in the history"
        ),
        counted_from=gettext_lazy(
            "the library's last change once it is inactive; for earlier values in the history, "
            "the day they were replaced"
        ),
        removal=gettext_lazy("blanked, in the history too; the library's public profile stays"),
        category=GENERAL,
        env="LIBPORTAL_RETAIN_LIBRARY_CONTACTS_DAYS",
        record_model=VillageLibrary,
        count=library_contacts_count,
        shred=library_contacts_shred,
    ),
)


# --- Subject requests ---------------------------------------------------------------------------


class LibraryContactSource:
    """A library whose manager or contact is the person (live, or only in the history)."""

    key = "library_contact"
    label = gettext_lazy("village library contacts")
    public = False
    record_model = VillageLibrary
    correctable = CONTACT_FIELDS

    def match(self, query: SubjectQuery, *, limit: int) -> list[str]:
        where = query.q(name="manager_name", phone="phone", email="email")
        found: dict[int, None] = {}
        for model in (VillageLibrary, HistoricalLibrary):
            rows = model.objects.filter(where).values_list("id", *CONTACT_FIELDS).order_by("id")
            for pk, manager_name, phone, email in rows[: limit * 20]:
                values = {"manager_name": manager_name, "phone": phone, "email": email}
                if query.matched_fields(values, name="manager_name", phone="phone", email="email"):
                    found[pk] = None
        return [str(pk) for pk in sorted(found)][: limit + 1]

    def load(self, pks: Iterable[str], *, query: SubjectQuery | None = None) -> list[SubjectRecord]:
        ids = [int(pk) for pk in pks if str(pk).isdigit()]
        live = {
            library.pk: library
            for library in VillageLibrary.objects.filter(pk__in=ids).select_related("village")
        }
        versions: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for row in (
            HistoricalLibrary.objects.filter(id__in=ids)
            .order_by("id", "history_date", "history_id")
            .values("id", "name", "history_date", "history_type", *CONTACT_FIELDS)
        ):
            versions[row["id"]].append(
                {
                    "date": row["history_date"],
                    "change": {"+": "created", "~": "changed", "-": "deleted"}.get(
                        row["history_type"], ""
                    ),
                    "library": row["name"],
                    **{name: row[name] for name in CONTACT_FIELDS},
                }
            )
        records = []
        for pk in ids:
            history = versions.get(pk, [])
            if pk in live:
                library = live[pk]
                data = {
                    "library": library.name,
                    "village_code": library.village_id,
                    "active": library.is_active,
                    **{name: getattr(library, name) for name in CONTACT_FIELDS},
                }
                records.append(
                    SubjectRecord(
                        source=self.key,
                        pk=str(pk),
                        title=f"{library.name} ({library.village_id})",
                        data=data,
                        history=history,
                        matched=_matched(query, [data, *history]),
                        correctable=self.correctable,
                        erasure=_(
                            "the manager's name, phone and e-mail blanked, and the same values "
                            "wherever the history holds them; the library's public profile stays"
                        ),
                    )
                )
            elif history:
                records.append(
                    SubjectRecord(
                        source=self.key,
                        pk=str(pk),
                        title=f"{history[-1]['library']} " + _("(deleted; only in the history)"),
                        data=dict(history[-1]),
                        history=history,
                        matched=_matched(query, history),
                        deleted=True,
                        erasure=_("the same values blanked wherever the history holds them"),
                    )
                )
        return records

    def correct(self, *, pk: str, changes: dict[str, Any], reason: str, user: Any) -> list[str]:
        """Correct the manager's name, phone or e-mail; the change is in the history."""
        library = VillageLibrary.objects.select_for_update().get(pk=int(pk))
        changed = [
            name
            for name in self.correctable
            if name in changes and getattr(library, name) != changes[name]
        ]
        for name in changed:
            setattr(library, name, changes[name])
        if changed:
            library.full_clean()
            library._change_reason = reason
            library._history_user = user
            library.save()
        return changed

    def erase(self, *, pks: list[str], query: SubjectQuery) -> dict[str, int]:
        """Blank the person's name, phone and e-mail on these libraries, and every history row
        holding one of those values or one the person gave (a name exactly, case ignored)."""
        ids = [int(pk) for pk in pks]
        values: dict[int, dict[str, set[str]]] = {pk: defaultdict(set) for pk in ids}
        for row in VillageLibrary.objects.filter(id__in=ids).values("id", *CONTACT_FIELDS):
            for name in CONTACT_FIELDS:
                if row[name]:
                    values[row["id"]][name].add(_norm(name, row[name]))
        blanked_live = VillageLibrary.objects.filter(id__in=ids).update(
            **{name: "" for name in CONTACT_FIELDS}
        )
        rows = HistoricalLibrary.objects.filter(id__in=ids).values(
            "history_id", "id", *CONTACT_FIELDS
        )
        blank: dict[frozenset[str], list[int]] = defaultdict(list)
        for row in rows:
            fields = frozenset(
                name
                for name in CONTACT_FIELDS
                if row[name]
                and (
                    _norm(name, row[name]) in values[row["id"]][name]
                    or _given(query, name, row[name])
                )
            )
            if fields:
                blank[fields].append(row["history_id"])
        history_rows = 0
        for fields, history_ids in blank.items():
            history_rows += HistoricalLibrary.objects.filter(history_id__in=history_ids).update(
                **{name: "" for name in fields}
            )
        return {"libraries_blanked": blanked_live, "history_rows_blanked": history_rows}


def _norm(name: str, value: str) -> str:
    return phone_key(value) if name == "phone" else value.strip().casefold()


def _given(query: SubjectQuery, name: str, value: str) -> bool:
    if name == "manager_name":
        return bool(query.name) and value.strip().casefold() == query.name.strip().casefold()
    if name == "phone":
        return query.phone_matches(value)
    return query.email_matches(value)


def _matched(query: SubjectQuery | None, values_list: list[dict[str, Any]]) -> list[str]:
    if query is None:
        return []
    found: list[str] = []
    for values in values_list:
        for name in query.matched_fields(values, name="manager_name", phone="phone", email="email"):
            if name not in found:
                found.append(name)
    return found


SUBJECT_SOURCES = (LibraryContactSource(),)
