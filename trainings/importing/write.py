"""Writing a plan: libraries created if asked, participants created and updated with their
history, and one audit record naming every row touched. Called inside the import's transaction."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from core.audit import audit_bulk
from villages.models import Village
from villages.services import library_get_or_create

from ..models import Participant, Person
from .report import NEW, UPDATE, ImportReport, PlannedRow

BATCH_SIZE = 2000


def write_report(report: ImportReport, *, user: Any) -> None:
    """Write the report's new and changed rows as `user` (recorded in history and audit)."""
    rows = [r for r in report.rows if r.outcome in (NEW, UPDATE)]
    _create_libraries(report, rows)
    report.created_pks = _create(report, [r for r in rows if r.outcome == NEW], user)
    report.updated_pks = _update([r for r in rows if r.outcome == UPDATE], user)
    audit = audit_bulk(
        user=user,
        action="import",
        model=Participant,
        pks=[*report.created_pks, *report.updated_pks],
        detail={
            "event": report.event.slug,
            "file": report.filename,
            "sha256": report.sha256,
            "counts": report.counts,
            "strict": report.strict,
            "by": user.get_username(),
            "libraries_created": report.libraries_created,
        },
    )
    report.audit_id = audit.pk
    report.committed = True


def _create_libraries(report: ImportReport, rows: list[PlannedRow]) -> None:
    created: dict[str, int] = {}
    for planned in rows:
        if planned.library_id is not None:
            continue
        if planned.village_code not in created:
            village = Village.objects.select_related("regency").get(code=planned.village_code)
            library, _created = library_get_or_create(village=village)
            created[planned.village_code] = library.pk
            report.libraries_created.append(f"{library.name} ({village.code})")
        planned.library_id = created[planned.village_code]


def _people(rows: list[PlannedRow], user: Any) -> dict[tuple[str, int | None], int]:
    """The person of each row (`Participant.identity_key`), created in bulk when new: the
    same people imported into a second event are the same people, not new ones."""
    keys = {Participant.identity_key(p.full_name, p.library_id): p for p in rows}
    library_ids = sorted({library_id for _key, library_id in keys})
    found: dict[tuple[str, int | None], int] = {}
    for start in range(0, len(library_ids), BATCH_SIZE):
        chunk = library_ids[start : start + BATCH_SIZE]
        for pk, name_key, library_id in Person.objects.filter(library_id__in=chunk).values_list(
            "pk", "name_key", "library_id"
        ):
            found[(name_key, library_id)] = pk
    new = [
        Person(
            full_name=p.full_name,
            name_key=key[0],
            library_id=p.library_id,
            gender=p.gender,
            role=p.role,
            position=p.position,
        )
        for key, p in keys.items()
        if key not in found
    ]
    created = bulk_create_with_history(
        new, Person, batch_size=BATCH_SIZE, default_user=user, default_change_reason="import"
    )
    if created and created[0].pk is None:  # a backend that returns no ids (not ours)
        return _people(rows, user)
    for person in created:
        found[(person.name_key, person.library_id)] = person.pk
    return found


def _create(report: ImportReport, rows: list[PlannedRow], user: Any) -> list[int]:
    people = _people(rows, user)
    new = [
        Participant(
            event=report.event,
            library_id=p.library_id,
            person_id=people[Participant.identity_key(p.full_name, p.library_id)],
            full_name=p.full_name,
            gender=p.gender,
            role=p.role,
            position=p.position,
            is_guest=p.is_guest,
            guest_reason=p.guest_reason,
            phone=p.phone,
            email=p.email,
        )
        for p in rows
    ]
    created = bulk_create_with_history(
        new, Participant, batch_size=BATCH_SIZE, default_user=user, default_change_reason="import"
    )
    return [p.pk for p in created]


def _update(rows: list[PlannedRow], user: Any) -> list[int]:
    if not rows:
        return []
    objects = Participant.objects.in_bulk([p.participant_id for p in rows])
    changed_fields: set[str] = set()
    now = timezone.now()
    for planned in rows:
        obj = objects[planned.participant_id]
        for field_name, (_old, new_value) in planned.changes.items():
            setattr(obj, field_name, new_value)
            changed_fields.add(field_name)
        obj.modified = now  # bulk_update skips auto_now
    bulk_update_with_history(
        list(objects.values()),
        Participant,
        [*sorted(changed_fields), "modified"],
        batch_size=BATCH_SIZE,
        default_user=user,
        default_change_reason="import",
    )
    return list(objects)
