"""Copy an event as a new draft: next year's Bimtek set up from this year's in one form.

What an event *is* (its content, people in charge, reach and paperwork settings) is copied;
what *happened* (participants, attendance, screenings, certificates, the report, the summary,
the invitation letter's number and date, the meeting link) is not. The agenda moves with the
dates: each item keeps its day offset from the start and its times.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from core.audit import audit_bulk
from programs.models import ProgramCycle

from .models import AgendaItem, TrainingEvent

#: Copied as they are. Left out on purpose: slug, title, dates, status, summary, report,
#: meeting_link (one meeting's), invitation_number and invitation_date (one letter's).
COPIED_FIELDS = (
    "organiser",
    "host",
    "province",
    "regency",
    "kind",
    "level",
    "mode",
    "venue",
    "opened_by",
    "closed_by",
    "closed_by_representative",
    "learning_goals",
    "learning_goals_en",
    "requires_negative_test",
    "health_protocol",
    "health_protocol_en",
    "certificate_min_days",
    "hours",
    "certificate_number_template",
    "signing_official",
    "signing_official_nip",
    "invitation_place",
    "invitation_quota",
)

SLUG_MAX = TrainingEvent._meta.get_field("slug").max_length


def can_clone(*, event: TrainingEvent, user: Any) -> bool:
    """Only who may change the source and create events: a copy of another region's event
    would be an event the user cannot keep."""
    return (
        user.has_perm("trainings.add_trainingevent")
        and user.has_perm("trainings.change_trainingevent")
        and event.is_changeable_by(user)
    )


def clone_title(event: TrainingEvent, start_date: datetime.date, field: str = "title") -> str:
    """The source's title with its year moved to the new one (when the title names it)."""
    title = getattr(event, field, "") or ""
    old, new = str(event.start_date.year), str(start_date.year)
    return title.replace(old, new) if old != new else title


def _unique_slug(title: str, start_date: datetime.date) -> str:
    year = str(start_date.year)
    base = slugify(title)[: SLUG_MAX - 12].strip("-") or "bimtek"
    if not base.endswith(year):
        base = f"{base}-{year}"
    slug, n = base, 2
    while TrainingEvent.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _cycle_for(event: TrainingEvent, start_date: datetime.date) -> ProgramCycle:
    """The same program's cycle of the new year when it exists, else the source's."""
    return (
        ProgramCycle.objects.filter(program_id=event.cycle.program_id, year=start_date.year).first()
        or event.cycle
    )


@transaction.atomic
def event_clone(
    *, event: TrainingEvent, user: Any, start_date: datetime.date, title: str = ""
) -> TrainingEvent:
    """A new DRAFT event copying `event` from `start_date` (same length), with its agenda moved
    to the new dates; no participants. Audited (one record naming the new event and its
    source). Raises PermissionDenied unless `can_clone`."""
    if not can_clone(event=event, user=user):
        raise PermissionDenied
    if not isinstance(start_date, datetime.date):
        raise ValidationError(_("Enter the new event's start date."))
    title = (title or "").strip() or clone_title(event, start_date)
    shift = start_date - event.start_date
    clone = TrainingEvent(
        title=title,
        title_en=clone_title(event, start_date, "title_en"),
        slug=_unique_slug(title, start_date),
        cycle=_cycle_for(event, start_date),
        start_date=start_date,
        end_date=event.end_date + shift,
        status=TrainingEvent.Status.DRAFT,
        **{name: getattr(event, name) for name in COPIED_FIELDS},
    )
    clone.full_clean()
    clone.save()
    clone.served_provinces.set(event.served_provinces.all())
    clone.served_regencies.set(event.served_regencies.all())
    agenda = [
        AgendaItem(
            event=clone,
            day=item.day + shift,
            start_time=item.start_time,
            end_time=item.end_time,
            topic=item.topic,
            topic_en=item.topic_en,
            speaker=item.speaker,
            speaker_person_id=item.speaker_person_id,
        )
        for item in event.agenda.all()
    ]
    bulk_create_with_history(agenda, AgendaItem)  # each item's history starts here
    audit_bulk(
        user=user,
        action="clone",
        model=TrainingEvent,
        pks=[clone.pk],
        detail={"source": event.slug, "agenda_items": len(agenda)},
    )
    return clone
