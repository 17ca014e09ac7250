"""The personal data the trainings keep, how long, and how a person's request reaches it
(UU PDP No. 27/2022; collected by `portal.privacy`, run by `portal.privacy_services`).

- **Health screenings** (antigen results: *specific* personal data) serve one purpose, admitting
  people to an event safely; they go a few months after the event's end.
- **Participants' phone numbers and e-mail addresses** serve reaching the people trained (the
  follow-up, the next training, monitoring and evaluation); they are blanked some years after the
  person's last event. The same person is `Participant.identity_key` (the same normalised name
  from the same library), the rule the admin and the importer use.
- **Names** stay: the attendance sheet (daftar hadir) is the accountability record (SPJ) of the
  money spent, and the public participant counts are made of these rows.

History rows (django-simple-history) hold the same values: every rule here removes them there
too, for live records and for records only the history still knows (deleted ones).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.privacy import (
    GENERAL,
    SPECIFIC,
    RetentionKind,
    ShredCount,
    SubjectQuery,
    SubjectRecord,
)

from .models import AgendaItem, Attendance, HealthScreening, Participant, TrainingEvent

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


# --- Subject requests: participants ------------------------------------------------------------

_PERSON_FIELDS = ("full_name", "gender", "role", "phone", "email", "is_sample")


def _version(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "date": row["history_date"],
        "change": {"+": "created", "~": "changed", "-": "deleted"}.get(row["history_type"], ""),
        **{name: row[name] for name in (*_PERSON_FIELDS, "event_id", "library_id")},
        # The labels, as in the record's own data (the codes mean nothing to the person).
        "gender": dict(Participant.Gender.choices).get(row["gender"], row["gender"]),
        "role": dict(Participant.Role.choices).get(row["role"], row["role"]),
    }


class ParticipantSource:
    """Training participants, live or known only from the history (deleted)."""

    key = "participant"
    label = gettext_lazy("training participants")
    public = False
    record_model = Participant
    correctable = ("full_name", "phone", "email")

    def match(self, query: SubjectQuery, *, limit: int) -> list[str]:
        where = query.q(name="full_name", phone="phone", email="email")
        found: dict[int, None] = {}
        for model in (Participant, HistoricalParticipant):
            rows = model.objects.filter(where).values_list("id", "full_name", "phone", "email")
            for pk, full_name, phone, email in rows.order_by("id")[: limit * 20]:
                values = {"full_name": full_name, "phone": phone, "email": email}
                if query.matched_fields(values, name="full_name", phone="phone", email="email"):
                    found[pk] = None
        return [str(pk) for pk in sorted(found)][: limit + 1]

    def load(self, pks: Iterable[str], *, query: SubjectQuery | None = None) -> list[SubjectRecord]:
        ids = [int(pk) for pk in pks if str(pk).isdigit()]
        live = {
            p.pk: p
            for p in Participant.objects.filter(pk__in=ids)
            .select_related("event", "library__village")
            .prefetch_related(
                Prefetch("attendance", queryset=Attendance.objects.order_by("day")),
                Prefetch("screenings", queryset=HealthScreening.objects.order_by("phase", "pk")),
            )
        }
        versions: dict[int, list[dict[str, Any]]] = {}
        for row in (
            HistoricalParticipant.objects.filter(id__in=ids)
            .order_by("id", "history_date", "history_id")
            .values("id", "history_date", "history_type", *_PERSON_FIELDS, "event_id", "library_id")
        ):
            versions.setdefault(row["id"], []).append(_version(row))
        gone = [pk for pk in ids if pk not in live and pk in versions]
        event_ids = {versions[pk][-1]["event_id"] for pk in gone}
        events = {
            e["id"]: e
            for e in TrainingEvent.objects.filter(id__in=event_ids).values(
                "id", "title", "start_date", "end_date"
            )
        }
        records = []
        for pk in ids:
            if pk in live:
                records.append(self._live_record(live[pk], versions.get(pk, []), query))
            elif pk in gone:
                records.append(self._gone_record(pk, versions[pk], events, query))
        return records

    def _matched(self, query, values_list) -> list[str]:
        if query is None:
            return []
        found: list[str] = []
        for values in values_list:
            for name in query.matched_fields(
                values, name="full_name", phone="phone", email="email"
            ):
                if name not in found:
                    found.append(name)
        return found

    def _live_record(self, p: Participant, history, query) -> SubjectRecord:
        attended = [a.day for a in p.attendance.all()]
        data = {
            **{name: getattr(p, name) for name in _PERSON_FIELDS},
            "gender": p.get_gender_display(),
            "role": p.get_role_display(),
            "event": {
                "title": p.event.title,
                "slug": p.event.slug,
                "start_date": p.event.start_date,
                "end_date": p.event.end_date,
                "venue": p.event.venue,
            },
            "library": {"name": p.library.name, "village_code": p.library.village_id},
            "attendance_days": attended,
            "health_screenings": [
                {
                    "phase": s.get_phase_display(),
                    "test_type": s.get_test_type_display(),
                    "result": s.get_result_display(),
                    "tested_on": s.tested_on,
                }
                for s in p.screenings.all()
            ],
            "created": p.created,
            "modified": p.modified,
        }
        if attended:
            erasure = _(
                "phone and e-mail blanked and health screenings deleted, in the history too; "
                "the name stays on the attendance sheet (accountability)"
            )
        else:
            erasure = _("deleted with its history (never on an attendance sheet)")
        return SubjectRecord(
            source=self.key,
            pk=str(p.pk),
            title=f"{p.full_name} — {p.event.title} ({p.event.start_date:%d/%m/%Y}), "
            f"{p.library.name}",
            data=data,
            history=history,
            matched=self._matched(query, [data, *history]),
            correctable=self.correctable,
            erasure=erasure,
        )

    def _gone_record(self, pk: int, history, events, query) -> SubjectRecord:
        last = history[-1]
        event = events.get(last["event_id"])
        where = (
            f"{event['title']} ({event['start_date']:%d/%m/%Y})" if event else _("deleted event")
        )
        return SubjectRecord(
            source=self.key,
            pk=str(pk),
            title=f"{last['full_name']} — {where} " + _("(deleted; only in the history)"),
            data={name: last[name] for name in _PERSON_FIELDS}
            | {"event": event or {"id": last["event_id"]}, "deleted": True},
            history=history,
            matched=self._matched(query, history),
            deleted=True,
            erasure=_("its history deleted"),
        )

    def correct(self, *, pk: str, changes: dict[str, Any], reason: str, user: Any) -> list[str]:
        """Correct the participant's name, phone or e-mail; the change is in its history."""
        participant = Participant.objects.select_for_update().get(pk=int(pk))
        changed = [
            name
            for name in self.correctable
            if name in changes and getattr(participant, name) != changes[name]
        ]
        for name in changed:
            setattr(participant, name, changes[name])
        if changed:
            participant.full_clean()
            participant._change_reason = reason
            participant._history_user = user
            participant.save()
        return changed

    def erase(self, *, pks: list[str], query: SubjectQuery) -> dict[str, int]:
        """Erase people's data: a participant on an attendance sheet keeps the name there and
        loses phone, e-mail and screenings; one never on a sheet is deleted; one known only from
        the history loses that history. Nothing erased survives in a history row."""
        ids = [int(pk) for pk in pks]
        live = Participant.objects.filter(id__in=ids)
        on_sheet = set(
            live.filter(
                Exists(Attendance.objects.filter(participant_id=OuterRef("pk")))
            ).values_list("id", flat=True)
        )
        off_sheet = set(live.values_list("id", flat=True)) - on_sheet
        gone = set(ids) - on_sheet - off_sheet
        counts: dict[str, int] = {}

        screenings = HealthScreening.objects.filter(participant_id__in=ids)
        screening_ids = set(screenings.values_list("id", flat=True)) | set(
            HistoricalScreening.objects.filter(participant_id__in=ids).values_list("id", flat=True)
        )
        counts["health_screenings_deleted"] = screenings._raw_delete(screenings.db)
        counts["participants_blanked"] = Participant.objects.filter(id__in=on_sheet).update(
            phone="", email=""
        )
        # The signal path on purpose: the delete is in the row's history until the lines below.
        counts["participants_deleted"] = len(off_sheet)
        Participant.objects.filter(id__in=off_sheet).delete()

        removed = set(off_sheet) | gone
        attendance_ids = set(
            HistoricalAttendance.objects.filter(participant_id__in=removed).values_list(
                "id", flat=True
            )
        )
        history_deleted, _detail = HistoricalParticipant.objects.filter(id__in=removed).delete()
        screening_history, _detail = HistoricalScreening.objects.filter(
            participant_id__in=ids
        ).delete()
        attendance_history, _detail = HistoricalAttendance.objects.filter(
            participant_id__in=removed
        ).delete()
        counts["history_rows_deleted"] = history_deleted + screening_history + attendance_history
        counts["history_rows_blanked"] = (
            HistoricalParticipant.objects.filter(id__in=on_sheet)
            .filter(_HAS_CONTACT)
            .update(phone="", email="")
        )
        # The admin's change log names a record by its text (a participant's name).
        scrub = (
            Q(
                content_type=ContentType.objects.get_for_model(Participant),
                object_id__in=[str(pk) for pk in removed],
            )
            | Q(
                content_type=ContentType.objects.get_for_model(HealthScreening),
                object_id__in=[str(pk) for pk in screening_ids],
            )
            | Q(
                content_type=ContentType.objects.get_for_model(Attendance),
                object_id__in=[str(pk) for pk in attendance_ids],
            )
        )
        counts["change_log_entries_scrubbed"] = LogEntry.objects.filter(scrub).update(
            object_repr=ERASED
        )
        return counts


class AgendaSpeakerSource:
    """Speakers named on an event's agenda: part of the public report, listed and exported,
    never corrected or erased through a subject request (the admin's agenda edits them)."""

    key = "agenda_speaker"
    label = gettext_lazy("agenda speakers (public report)")
    public = True
    record_model = AgendaItem

    def match(self, query: SubjectQuery, *, limit: int) -> list[str]:
        if not query.name:
            return []
        rows = AgendaItem.objects.filter(speaker__icontains=query.name).order_by("pk")
        return [str(pk) for pk in rows.values_list("pk", flat=True)[: limit + 1]]

    def load(self, pks: Iterable[str], *, query: SubjectQuery | None = None) -> list[SubjectRecord]:
        ids = [int(pk) for pk in pks if str(pk).isdigit()]
        items = AgendaItem.objects.filter(pk__in=ids).select_related("event").order_by("pk")
        return [
            SubjectRecord(
                source=self.key,
                pk=str(item.pk),
                title=f"{item.speaker} — {item.topic}, {item.event.title} ({item.day:%d/%m/%Y})",
                data={
                    "speaker": item.speaker,
                    "topic": item.topic,
                    "day": item.day,
                    "event": item.event.title,
                },
                matched=["name"],
                public=True,
                erasure=_("public record: not erased by a request"),
            )
            for item in items
        ]

    def correct(self, *, pk: str, changes: dict[str, Any], reason: str, user: Any) -> list[str]:
        raise NotImplementedError

    def erase(self, *, pks: list[str], query: SubjectQuery) -> dict[str, int]:
        raise NotImplementedError


SUBJECT_SOURCES = (ParticipantSource(), AgendaSpeakerSource())
