"""The shredder removes personal data past its retention, history included, and nothing else."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from core.audit import audit_bulk
from core.models import AuditEvent
from core.privacy import start_of_day
from core.system import SYSTEM_USERNAME, system_user
from portal.privacy_services import personal_data_shred, personal_data_shred_preview
from tests.programs.factories import BeneficiaryFactory, OfficialFactory
from tests.trainings.factories import (
    AgendaItemFactory,
    AttendanceFactory,
    HealthScreeningFactory,
    ParticipantFactory,
)
from tests.villages.factories import VillageLibraryFactory
from trainings.models import Attendance, HealthScreening, Participant, TrainingEvent
from villages.models import VillageLibrary

from .scan import tables_holding

PERIODS = {
    "health_screenings": 90,
    "participant_contacts": 1095,
    "library_contacts": 730,
    "audit_records": 3650,
}
DAY = datetime.timedelta(days=1)
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def periods(settings):
    settings.PRIVACY_RETENTION_DAYS = dict(PERIODS)


def _counts(report):
    return {r.kind.key: (r.count.rows, r.count.history_rows) for r in report.kinds}


def _past_history(model, pk, when):
    """Move every history row of a record back in time (as if written `when`)."""
    model.history.model.objects.filter(id=pk).update(history_date=when)


# --- Health screenings -------------------------------------------------------------------------


def test_a_screening_one_period_old_is_kept_and_one_day_older_is_removed_with_its_history(
    event_ending, today
):
    kept = HealthScreeningFactory(participant__event=event_ending(today - 90 * DAY))
    HealthScreeningFactory(
        participant__event=event_ending(today - 91 * DAY), result=HealthScreening.Result.POSITIVE
    )

    report = personal_data_shred(user=system_user())

    assert list(HealthScreening.objects.values_list("pk", flat=True)) == [kept.pk]
    assert set(HealthScreening.history.values_list("id", flat=True)) == {kept.pk}
    assert _counts(report)["health_screenings"] == (1, 1)


def test_screening_history_of_deleted_people_and_deleted_events_is_removed(event_ending, today):
    old_event = event_ending(today - 400 * DAY)
    deleted_person = HealthScreeningFactory(participant__event=old_event).participant
    deleted_person.delete()  # the history now holds the screening's "-" row, result included
    other_event = event_ending(today - 400 * DAY)
    HealthScreeningFactory(participant__event=other_event)
    other_event.delete()
    recent_event = event_ending(today - 10 * DAY)
    recent_person = HealthScreeningFactory(participant__event=recent_event).participant
    recent_pk = recent_person.pk
    recent_person.delete()  # deleted lately, but its event is within retention: kept
    assert HealthScreening.history.count() == 6

    personal_data_shred(user=system_user())

    assert set(HealthScreening.history.values_list("participant_id", flat=True)) == {recent_pk}


# --- Participants' contact details -------------------------------------------------------------


def test_contacts_are_blanked_past_retention_in_the_record_and_every_history_row(
    event_ending, today
):
    participant = ParticipantFactory(
        event=event_ending(today - 1096 * DAY), phone="+6281211112222", email="lama@example.org"
    )
    participant.phone, participant.email = "+6281299887766", "baru@example.org"
    participant.save()  # the old values stay in the history until shredded

    report = personal_data_shred(user=system_user())

    participant.refresh_from_db()
    assert (participant.phone, participant.email) == ("", "")
    assert participant.full_name  # the name stays (attendance sheet, public counts)
    for value in ("6281211112222", "6281299887766", "lama@example.org", "baru@example.org"):
        assert tables_holding(value) == []
    assert _counts(report)["participant_contacts"] == (1, 2)


def test_contacts_one_period_after_the_last_event_are_kept(event_ending, today):
    kept = ParticipantFactory(event=event_ending(today - 1095 * DAY))
    gone = ParticipantFactory(event=event_ending(today - 1096 * DAY))

    personal_data_shred(user=system_user())

    kept.refresh_from_db()
    gone.refresh_from_db()
    assert kept.phone and kept.email
    assert not gone.phone and not gone.email


def test_contacts_stay_while_the_same_person_has_a_later_event(event_ending, today):
    library = VillageLibraryFactory()
    old = ParticipantFactory(
        event=event_ending(today - 2000 * DAY), library=library, full_name="Ni Made Ayu Lestari"
    )
    ParticipantFactory(
        event=event_ending(today - 30 * DAY), library=library, full_name="NI MADE  AYU-LESTARI"
    )
    namesake = ParticipantFactory(
        event=event_ending(today - 2000 * DAY), full_name="Ni Made Ayu Lestari"
    )  # the same name from another library: another person

    personal_data_shred(user=system_user())

    old.refresh_from_db()
    namesake.refresh_from_db()
    assert old.phone and old.email
    assert not namesake.phone and not namesake.email


def test_a_deleted_participants_contacts_are_blanked_in_the_history(event_ending, today):
    participant = ParticipantFactory(event=event_ending(today - 1200 * DAY), phone="+6281255554444")
    pk = participant.pk
    participant.delete()

    personal_data_shred(user=system_user())

    assert tables_holding("6281255554444") == []
    assert Participant.history.filter(id=pk).count() == 2  # the rows, blanked


# --- Library contacts ---------------------------------------------------------------------------


def _library(**values):
    library = VillageLibraryFactory(
        manager_name="I Wayan Pengelola", phone="+6281377778888", email="perpus@example.org"
    )
    for name, value in values.items():
        setattr(library, name, value)
    library.save()
    return library


def test_an_inactive_library_loses_its_contacts_two_years_after_its_last_change(today):
    old = _library(is_active=False)
    VillageLibrary.objects.filter(pk=old.pk).update(modified=start_of_day(today - 731 * DAY))
    recent = _library(is_active=False)
    active = _library()
    VillageLibrary.objects.filter(pk=active.pk).update(modified=start_of_day(today - 3000 * DAY))

    personal_data_shred(user=system_user())

    old.refresh_from_db()
    recent.refresh_from_db()
    active.refresh_from_db()
    assert (old.manager_name, old.phone, old.email) == ("", "", "")
    assert old.name and old.address and old.slug  # the public profile stays
    assert not VillageLibrary.history.filter(id=old.pk).exclude(phone="").exists()
    assert recent.phone and active.phone


def test_a_replaced_library_contact_leaves_the_history_two_years_after_its_replacement(today):
    library = _library()
    _past_history(VillageLibrary, library.pk, start_of_day(today - 1000 * DAY))
    library.phone = "+6281300001111"
    library.save()
    long_ago = library.history.latest("history_date")
    VillageLibrary.history.filter(history_id=long_ago.history_id).update(
        history_date=start_of_day(today - 800 * DAY)
    )
    library.email = "baru@example.org"
    library.save()  # the e-mail was replaced today: its old value stays for now

    personal_data_shred(user=system_user())

    library.refresh_from_db()
    assert library.phone == "+6281300001111" and library.email == "baru@example.org"
    assert tables_holding("6281377778888") == []
    assert VillageLibrary.history.filter(id=library.pk, email="perpus@example.org").exists()


# --- Audit records ------------------------------------------------------------------------------


def test_audit_records_and_change_log_entries_go_after_ten_years(today, users):
    user = users["national"]
    old = audit_bulk(user=user, action="import", model=Participant, pks=[1])
    kept = audit_bulk(user=user, action="import", model=Participant, pks=[2])
    AuditEvent.objects.filter(pk=old.pk).update(timestamp=start_of_day(today - 3651 * DAY))
    AuditEvent.objects.filter(pk=kept.pk).update(timestamp=start_of_day(today - 3650 * DAY))
    content_type = ContentType.objects.get_for_model(Participant)
    for age in (3651, 3650):
        entry = LogEntry.objects.create(
            user=user,
            content_type=content_type,
            object_id="1",
            object_repr="x",
            action_flag=ADDITION,
        )
        LogEntry.objects.filter(pk=entry.pk).update(action_time=start_of_day(today - age * DAY))

    report = personal_data_shred(user=system_user())

    assert AuditEvent.objects.filter(pk=old.pk).count() == 0
    assert AuditEvent.objects.filter(pk=kept.pk).count() == 1
    assert LogEntry.objects.count() == 1
    assert _counts(report)["audit_records"] == (2, 0)


# --- Public records, the run's own record, dry runs ---------------------------------------------


def _public_state(event: TrainingEvent) -> dict:
    return {
        "event": TrainingEvent.objects.filter(pk=event.pk).values().get(),
        "agenda": list(event.agenda.values()),
        "libraries": list(
            VillageLibrary.objects.order_by("pk").values(
                "pk", "name", "slug", "address", "description", "is_active", "village_id"
            )
        ),
        "names": list(Participant.objects.order_by("pk").values_list("full_name", "library_id")),
        "public_count": Participant.objects.of_published_events().filter(event=event).count(),
        "attendance": list(Attendance.objects.order_by("pk").values_list("participant_id", "day")),
    }


def test_the_shredder_never_touches_public_records(event_ending, today, client):
    official = OfficialFactory(name="Luh Ayu Aryani")
    event = event_ending(today - 2000 * DAY, opened_by=official, report="Laporan kegiatan.")
    AgendaItemFactory(event=event, speaker="Nurhadisaputra")
    people = [ParticipantFactory(event=event) for _ in range(3)]
    for person in people:
        AttendanceFactory(participant=person)
        HealthScreeningFactory(participant=person)
    BeneficiaryFactory(library=people[0].library)
    library = people[0].library
    library.description = "Perpustakaan desa yang aktif."
    library.save()
    before = _public_state(event)
    page_before = client.get(event.get_absolute_url()).content

    personal_data_shred(user=system_user())

    assert _public_state(event) == before
    assert client.get(event.get_absolute_url()).content == page_before
    official.refresh_from_db()
    assert official.name == "Luh Ayu Aryani"
    assert HealthScreening.objects.count() == 0  # while the personal data did go


def test_a_run_writes_one_audit_record_naming_kinds_and_counts_and_no_personal_data(
    event_ending, today
):
    person = HealthScreeningFactory(participant__event=event_ending(today - 2000 * DAY)).participant
    phone, email = person.phone, person.email

    personal_data_shred(user=system_user())

    record = AuditEvent.objects.get()
    assert record.action == "shred" and record.user.username == SYSTEM_USERNAME
    assert list(record.rows.values_list("object_id", flat=True)) == [str(person.pk)]
    kinds = record.detail["kinds"]
    assert set(kinds) == set(PERIODS)
    assert kinds["health_screenings"]["rows"] == 1
    assert kinds["participant_contacts"]["rows"] == 1
    assert kinds["health_screenings"]["retention_days"] == 90
    assert phone not in str(record.detail) and email not in str(record.detail)


def _everything() -> dict[str, list]:
    with connection.cursor() as cursor:
        dump = {}
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            dump[table] = sorted(map(repr, cursor.fetchall()))
        return dump


def test_a_dry_run_counts_what_would_go_and_writes_nothing(event_ending, today, capsys):
    HealthScreeningFactory(participant__event=event_ending(today - 2000 * DAY))
    ParticipantFactory(event=event_ending(today - 2000 * DAY))
    before = _everything()

    report = personal_data_shred_preview()
    call_command("shred_personal_data", "--dry-run")

    assert _everything() == before
    assert not get_user_model().objects.filter(username=SYSTEM_USERNAME).exists()
    assert _counts(report)["health_screenings"] == (1, 1)
    assert _counts(report)["participant_contacts"] == (2, 2)
    out = capsys.readouterr().out
    assert "health_screenings" in out and "participant_contacts" in out
    assert out.splitlines()[-1].startswith(("Dry run", "Uji coba"))


def test_the_command_removes_and_prints_the_counts_and_its_audit_record(
    event_ending, today, capsys
):
    HealthScreeningFactory(participant__event=event_ending(today - 2000 * DAY))

    call_command("shred_personal_data")

    out = capsys.readouterr().out
    assert HealthScreening.objects.count() == 0
    line = next(line for line in out.splitlines() if "health_screenings" in line)
    assert line.split()[-2:] == ["1", "1"]
    assert f"#{AuditEvent.objects.get().pk}" in out


def test_a_missing_or_zero_period_stops_the_shredder_before_anything_goes(
    settings, event_ending, today
):
    HealthScreeningFactory(participant__event=event_ending(today - 2000 * DAY))
    settings.PRIVACY_RETENTION_DAYS = {**PERIODS, "participant_contacts": 0}

    with pytest.raises(ImproperlyConfigured):
        personal_data_shred(user=system_user())
    with pytest.raises(CommandError) as error:
        call_command("shred_personal_data")
    assert error.value.returncode == 2
    del settings.PRIVACY_RETENTION_DAYS["health_screenings"]
    with pytest.raises(ImproperlyConfigured):
        personal_data_shred_preview()
    assert HealthScreening.objects.count() == 1
    assert AuditEvent.objects.count() == 0


def test_the_shredder_runs_when_nothing_is_past(today):
    report = personal_data_shred(user=system_user(), today=today)
    assert report.total_rows == 0
    assert AuditEvent.objects.get().detail["kinds"]["health_screenings"]["rows"] == 0
    assert timezone.now()  # nothing else to say: an empty run is still on the record
