"""How long the trainings keep health screenings and participants' contacts, and their erasure
(live rows and their history)."""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy

from core.privacy import GENERAL, SPECIFIC, RetentionKind, ShredCount
from trainings.models import Attendance, HealthScreening, Participant, TrainingEvent

HistoricalEvent = TrainingEvent.history.model
HistoricalParticipant = Participant.history.model
HistoricalScreening = HealthScreening.history.model
HistoricalAttendance = Attendance.history.model

#: What an erased record's label becomes in the admin's change log.
ERASED = "[erased]"


def _ended_event_q(cutoff: datetime.date, field: str = "event_id") -> Q:
    """Rows whose event ended before `cutoff`: a live event by its end date, a deleted one by
    every end date its history knows (so a deleted event is never taken as older than it was)."""
    live = TrainingEvent.objects.values("id")
    gone = HistoricalEvent.objects.exclude(id__in=live)
    gone_ended = (
        gone.filter(end_date__lt=cutoff)
        .exclude(id__in=gone.filter(end_date__gte=cutoff).values("id"))
        .values("id")
    )
    ended = TrainingEvent.objects.filter(end_date__lt=cutoff).values("id")
    return Q(**{f"{field}__in": ended}) | Q(**{f"{field}__in": gone_ended})


def _gone_participants() -> models.QuerySet:
    """History rows of participants whose live row is gone (deleted)."""
    return HistoricalParticipant.objects.exclude(id__in=Participant.objects.values("id"))


# --- Health screenings -------------------------------------------------------------------------


def _screenings_past(cutoff: datetime.date) -> tuple[models.QuerySet, models.QuerySet]:
    ended = _ended_event_q(cutoff)
    live_people = Participant.objects.filter(ended).values("id")
    gone_people = _gone_participants().filter(ended).values("id")
    known = Q(participant_id__in=Participant.objects.values("id")) | Q(
        participant_id__in=HistoricalParticipant.objects.values("id")
    )
    live = HealthScreening.objects.filter(participant_id__in=live_people)
    history = HistoricalScreening.objects.filter(
        Q(participant_id__in=live_people)
        | Q(participant_id__in=gone_people)
        # A screening whose person no record remembers: its own test date is all that is left.
        | (~known & Q(tested_on__lt=cutoff))
    )
    return live, history


def screenings_count(cutoff: datetime.date) -> ShredCount:
    live, history = _screenings_past(cutoff)
    return ShredCount(rows=live.count(), history_rows=history.count())


def screenings_shred(cutoff: datetime.date) -> ShredCount:
    """Delete the screenings past retention and every history row of them."""
    live, history = _screenings_past(cutoff)
    people = tuple(sorted(set(live.values_list("participant_id", flat=True))))
    history_rows = history.count()
    # A raw delete: nothing refers to a screening, and the signal path would first copy every
    # result into a new history row ("-") only to delete it again.
    rows = live._raw_delete(live.db)
    history.delete()
    return ShredCount(rows=rows, history_rows=history_rows, record_ids=people)


# --- Participants' contact details -------------------------------------------------------------

_HAS_CONTACT = ~Q(phone="") | ~Q(email="")


def _people_past(cutoff: datetime.date) -> models.QuerySet:
    """Participants of ended events who are not the same person (`Participant.identity_key`)
    as anyone at an event not yet past. Only the libraries that have both are compared row by
    row (the identity is a normalised name, not a column); everyone else is decided in SQL."""
    ended = Participant.objects.filter(_ended_event_q(cutoff))
    recent = Participant.objects.filter(
        event__end_date__gte=cutoff, library_id__in=ended.values("library_id")
    )
    recent_people = {
        Participant.identity_key(name, library_id)
        for name, library_id in recent.values_list("full_name", "library_id").iterator()
    }
    shared = ended.filter(library_id__in=recent.values("library_id"))
    kept = [
        pk
        for pk, name, library_id in shared.values_list("id", "full_name", "library_id").iterator()
        if Participant.identity_key(name, library_id) in recent_people
    ]
    return ended.exclude(id__in=kept)


def _contacts_past(cutoff: datetime.date) -> tuple[models.QuerySet, models.QuerySet]:
    ended = _ended_event_q(cutoff)
    people = _people_past(cutoff)
    gone = _gone_participants().filter(ended)
    live = people.filter(_HAS_CONTACT)
    history = HistoricalParticipant.objects.filter(
        Q(id__in=people.values("id")) | Q(id__in=gone.values("id"))
    ).filter(_HAS_CONTACT)
    return live, history


def contacts_count(cutoff: datetime.date) -> ShredCount:
    live, history = _contacts_past(cutoff)
    return ShredCount(rows=live.count(), history_rows=history.count())


def contacts_shred(cutoff: datetime.date) -> ShredCount:
    """Blank the phone and e-mail of people past retention, in their records and history."""
    live, history = _contacts_past(cutoff)
    ids = tuple(live.values_list("id", flat=True))
    history_rows = history.update(phone="", email="")
    rows = Participant.objects.filter(id__in=live.values("id")).update(phone="", email="")
    return ShredCount(rows=rows, history_rows=history_rows, record_ids=ids)


RETENTION_KINDS = (
    RetentionKind(
        key="health_screenings",
        label=gettext_lazy("health screenings"),
        holds=gettext_lazy("participants' antigen/PCR test results"),
        counted_from=gettext_lazy("the end of the event"),
        removal=gettext_lazy("deleted, with their history"),
        category=SPECIFIC,
        env="LIBPORTAL_RETAIN_HEALTH_DAYS",
        record_model=Participant,
        count=screenings_count,
        shred=screenings_shred,
    ),
    RetentionKind(
        key="participant_contacts",
        label=gettext_lazy("participants' contact details"),
        holds=gettext_lazy("participants' phone numbers and e-mail addresses"),
        counted_from=gettext_lazy("the end of the person's last event"),
        removal=gettext_lazy("blanked, in the history too; the name stays on the attendance sheet"),
        category=GENERAL,
        env="LIBPORTAL_RETAIN_CONTACTS_DAYS",
        record_model=Participant,
        count=contacts_count,
        shred=contacts_shred,
    ),
)
