"""A person's requests (access, erasure) reaching their registrations and agenda items."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.privacy import SubjectQuery, SubjectRecord
from trainings.models import AgendaItem, Attendance, HealthScreening, Participant, TrainingEvent

from .retention import (
    _HAS_CONTACT,
    ERASED,
    HistoricalAttendance,
    HistoricalParticipant,
    HistoricalScreening,
)

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
