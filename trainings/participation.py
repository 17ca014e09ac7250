"""Honest participation: whom an event is for, and who came as a guest.

An event is for the beneficiary libraries (selected or active) of its cycle inside the regions
it serves (`TrainingEvent.served_provinces`/`served_regencies`; when none are listed, the region
where it is held). Anyone else takes part as a guest, with a reason, and public reports count
them apart. The admin and the importer ask the same questions here.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from programs.models import Beneficiary
from villages.scoping import PROVINCE, scope_of

from .models import Participant, TrainingEvent

BENEFICIARY_STATUSES = (Beneficiary.Status.SELECTED, Beneficiary.Status.ACTIVE)


def event_areas(event: TrainingEvent) -> tuple[str, ...]:
    """The region codes (provinces "51", regencies "51.03") the event serves. One query,
    remembered on the event object; none when `event` has no primary key yet."""
    if event.pk is None:
        return (event.regency_id or event.province_id,)
    cached = getattr(event, "_served_areas", None)
    if cached is None:
        served = (
            event.served_provinces.order_by()
            .values_list("code", flat=True)
            .union(event.served_regencies.order_by().values_list("code", flat=True))
        )
        cached = tuple(sorted(served)) or (event.regency_id or event.province_id,)
        # Asked by several steps of one import or one form: once per event object.
        event._served_areas = cached
    return cached


def in_areas(code: str, areas: Iterable[str]) -> bool:
    """Is the region `code` (any level) inside one of `areas`? Official codes nest."""
    return any(code == area or code.startswith(area + ".") for area in areas)


def event_areas_for(event: TrainingEvent, user: Any) -> tuple[str, ...]:
    """The regions the event serves, within the user's scope: where a province coordinator
    looks for the villages of the people they import into a national event."""
    areas = event_areas(event)
    scope = scope_of(user)
    if scope is None:
        return ()
    if scope.is_national:
        return areas
    mine = scope.code
    out: list[str] = []
    for area in areas:
        if in_areas(area, [mine]):
            out.append(area)  # the event serves a part of my region
        elif in_areas(mine, [area]):
            out.append(mine)  # the event serves a region around mine: only mine
    if not out and scope.level == PROVINCE and event.province_id == mine:
        out.append(mine)
    return tuple(sorted(set(out)))


def beneficiary_library_ids(event: TrainingEvent, library_ids: Iterable[int]) -> set[int]:
    """Which of these libraries are beneficiaries (selected or active) of the event's cycle."""
    ids = sorted(set(library_ids))
    if not ids:
        return set()
    return set(
        Beneficiary.objects.filter(
            cycle_id=event.cycle_id, library_id__in=ids, status__in=BENEFICIARY_STATUSES
        ).values_list("library_id", flat=True)
    )


def guest_reason_for(
    *, village_code: str, is_beneficiary: bool, areas: Iterable[str]
) -> str | None:
    """Why a library's person would be a guest of the event, or None (the event is for them)."""
    if not in_areas(village_code, areas):
        return Participant.GuestReason.OUTSIDE_REGION
    if not is_beneficiary:
        return Participant.GuestReason.OTHER_LIBRARY
    return None


def participant_guest_reason(*, event: TrainingEvent, library: Any) -> str | None:
    """`guest_reason_for` one library (the admin's form): three queries."""
    return guest_reason_for(
        village_code=library.village_id,
        is_beneficiary=bool(beneficiary_library_ids(event, [library.pk])),
        areas=event_areas(event),
    )
