"""Writes on training events and their participants."""

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from core.audit import audit_bulk
from villages.models import VillageLibrary

from .models import Attendance, Participant, TrainingEvent, person_for


@transaction.atomic
def event_publish(*, event: TrainingEvent) -> TrainingEvent:
    """Publish a draft event: from now on its report is on the public site."""
    if event.status != TrainingEvent.Status.DRAFT:
        raise ValidationError(_("Only a draft event can be published."))
    event.status = TrainingEvent.Status.PUBLISHED
    event.save(update_fields=["status", "modified"])
    return event


@transaction.atomic
def event_unpublish(*, event: TrainingEvent) -> TrainingEvent:
    """Take a published event back to draft: its public page answers 404 again."""
    if event.status != TrainingEvent.Status.PUBLISHED:
        raise ValidationError(_("Only a published event can be taken back to draft."))
    event.status = TrainingEvent.Status.DRAFT
    event.save(update_fields=["status", "modified"])
    return event


@transaction.atomic
def participant_register(
    *,
    event: TrainingEvent,
    library: VillageLibrary,
    full_name: str,
    gender: str,
    role: str = Participant.Role.LIBRARIAN,
    position: str = "",
    phone: str = "",
    email: str = "",
    is_guest: bool = False,
    guest_reason: str = "",
    is_sample: bool = False,
) -> tuple[Participant, bool]:
    """Register a person for an event; returns the participant and whether it is new.

    The same person (`Participant.identity_key`: the same library and the same name, whatever
    its case, accents, punctuation or spacing) is registered once: a repeat updates their
    details, keeping the name as first written, instead of adding them twice. A shared phone
    does not make two people one (families share phones). The participant points to their
    `Person` (`person_for`: the same rule across events), so a person trained twice is one.
    A guest (not a beneficiary the event is for, `trainings.participation`) needs a reason.
    """
    if is_guest and not guest_reason:
        raise ValidationError(_("Say why this participant is a guest."))
    # One registration at a time per event (as the importer does), so two never race.
    TrainingEvent.objects.select_for_update().filter(pk=event.pk).exists()
    details = {
        "gender": gender,
        "role": role,
        "position": position,
        "phone": phone,
        "email": email,
        "is_guest": is_guest,
        "guest_reason": guest_reason,
        "is_sample": is_sample,
    }
    participant = Participant.objects.same_person(
        event_id=event.pk, library_id=library.pk, full_name=full_name
    )
    if participant is None:
        participant = Participant(event=event, library=library, full_name=full_name, **details)
        participant.save()
        return participant, True
    for name, value in details.items():
        setattr(participant, name, value)
    participant.person = person_for(
        full_name=participant.full_name,
        library_id=library.pk,
        gender=gender,
        role=role,
        position=position,
        is_sample=is_sample,
    )
    participant.save(update_fields=[*details, "person", "modified"])
    return participant, False


@transaction.atomic
def participant_delete(*, participant: Participant, user: object) -> None:
    """Delete a participant with everything recorded about them, health screenings included.

    Whoever may delete the participant (in their scope) deletes the screenings too, even
    without the health permission: they belong to the person, and keeping them would keep
    health data about someone no longer on any list. Every row's history records the deletion;
    the refusal names nothing (a participant outside the scope is as unknown as a missing one).
    """
    if not Participant.objects.in_scope(user).filter(pk=participant.pk).exists():
        raise ValidationError(_("This participant cannot be deleted."))
    participant.screenings.all().delete()
    participant.delete()


@dataclass
class AttendanceChange:
    """What `attendance_set` did: (participant id, day) pairs added and removed."""

    added: list[tuple[int, datetime.date]] = field(default_factory=list)
    removed: list[tuple[int, datetime.date]] = field(default_factory=list)


@transaction.atomic
def attendance_set(
    *,
    event: TrainingEvent,
    user: Any,
    marks: Mapping[int, Iterable[datetime.date]],
    days: Iterable[datetime.date] | None = None,
) -> AttendanceChange:
    """Make the attendance of the participants in `marks` (participant id → days present)
    exactly what the grid shows, on `days` (all the event's days by default): days missing
    from a participant's marks are absences. Participants not in `marks` are untouched.

    Only the user's own people (`Participant.objects.in_scope`: a regency coordinator marks
    their regency's participants of a province-wide or national event) and only with the
    add and delete attendance permissions; a day outside the event or a participant of
    another event or region refuses the whole grid (nothing is written). Every mark added or
    removed is in the attendance history, and one audit record names the rows.
    """
    if not (
        user.has_perm("trainings.add_attendance") and user.has_perm("trainings.delete_attendance")
    ):
        raise PermissionDenied(_("Your role may not record attendance."))
    event_days = set(event.days)
    days = set(event_days if days is None else days)
    if not days <= event_days:
        raise ValidationError(_("The day must fall within the event's dates."))
    wanted: dict[int, set[datetime.date]] = {int(pk): set(marked) for pk, marked in marks.items()}
    for marked in wanted.values():
        if not marked <= days:
            raise ValidationError(_("The day must fall within the event's dates."))
    allowed = set(
        Participant.objects.in_scope(user)
        .filter(event=event, pk__in=list(wanted))
        .values_list("pk", flat=True)
    )
    if allowed != set(wanted):
        raise PermissionDenied(
            _("Some of these participants are not yours to mark (another event or region).")
        )
    stored = {
        (participant_id, day): pk
        for pk, participant_id, day in Attendance.objects.filter(
            participant_id__in=list(wanted), day__in=sorted(days)
        ).values_list("pk", "participant_id", "day")
    }
    change = AttendanceChange()
    for participant_id, marked in wanted.items():
        for day in sorted(days):
            present = day in marked
            if present and (participant_id, day) not in stored:
                change.added.append((participant_id, day))
            elif not present and (participant_id, day) in stored:
                change.removed.append((participant_id, day))
    if change.added:
        bulk_create_with_history(
            [Attendance(participant_id=pk, day=day) for pk, day in change.added],
            Attendance,
            default_user=user,
            default_change_reason="attendance grid",
        )
    removed_pks = [stored[key] for key in change.removed]
    if removed_pks:
        # The delete sends post_delete per row: each removal is in the history.
        Attendance.objects.filter(pk__in=removed_pks).delete()
    if change.added or change.removed:
        added_pks = (
            list(
                Attendance.objects.filter(
                    participant_id__in={pk for pk, _day in change.added},
                    day__in={day for _pk, day in change.added},
                ).values_list("pk", flat=True)
            )
            if change.added
            else []
        )
        audit_bulk(
            user=user,
            action="attendance",
            model=Attendance,
            pks=[*added_pks, *removed_pks],
            detail={
                "event": event.slug,
                "added": len(change.added),
                "removed": len(change.removed),
            },
        )
    return change


@transaction.atomic
def attendance_check_in_by_code(
    *, event: TrainingEvent, user: Any, code: str, day: datetime.date
) -> Participant:
    """Mark present on `day` the participant whose check-in code (`Participant.code`, typed or
    read by a barcode scanner) is `code`. Someone of another event or region is as unknown as a
    wrong code. Checking in twice is not an error."""
    pk = Participant.pk_from_code(code)
    participant = (
        Participant.objects.in_scope(user).filter(event=event, pk=pk).first() if pk else None
    )
    if participant is None:
        raise ValidationError(
            _("No participant of this event has the code “%(code)s”.") % {"code": code.strip()[:20]}
        )
    marked = set(Attendance.objects.filter(participant=participant).values_list("day", flat=True))
    attendance_set(
        event=event, user=user, marks={participant.pk: marked | {day}}, days=marked | {day}
    )
    return participant
