"""A scheduled export is computed within its owner's scope when it is sent, and e-mailed once
per period (Django's test mail outbox)."""

import csv
import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from portal.models import ScheduledExport
from portal.scheduled_exports import next_run_after, scheduled_exports_start_due
from trainings.models import Participant
from villages.models import UserScope

from .helpers import run_queued_jobs


@pytest.fixture
def badung_coordinator(demo, django_user_model):
    user = django_user_model.objects.create_user(
        "badung", email="badung@example.org", password="x", is_staff=True
    )
    UserScope.objects.create(user=user, level="regency", province_id="51", regency_id="51.03")
    user.user_permissions.add(Permission.objects.get(codename="view_participant"))
    return django_user_model.objects.get(pk=user.pk)


def test_a_badung_coordinators_scheduled_export_holds_no_tabanan_row(badung_coordinator):
    badung = Participant.objects.filter(library__region_code__startswith="51.03").count()
    tabanan = Participant.objects.filter(library__region_code__startswith="51.02").count()
    assert badung and tabanan  # the demo has both
    due = timezone.now() - timedelta(minutes=1)
    schedule = ScheduledExport.objects.create(
        owner=badung_coordinator,
        name="Peserta mingguan",
        list_kind="participants",
        format="csv",
        frequency="weekly",
        next_run=due,
    )
    assert scheduled_exports_start_due() == 1
    assert run_queued_jobs() == 1

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["badung@example.org"] and "Peserta mingguan" in message.subject
    (filename, content, mimetype) = message.attachments[0]
    assert filename.startswith("peserta-") and filename.endswith(".csv")
    text = content.decode("utf-8-sig") if isinstance(content, bytes) else content
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) - 1 == badung  # every Badung participant, nobody else
    assert "Tabanan" not in text and "Badung" in text

    schedule.refresh_from_db()
    assert schedule.next_run == due + timedelta(days=7) and schedule.last_sent_at
    assert scheduled_exports_start_due() == 0  # sent once per period
    assert run_queued_jobs() == 0 and len(mail.outbox) == 1


def test_the_scope_applies_when_sent_not_when_scheduled(badung_coordinator):
    ScheduledExport.objects.create(
        owner=badung_coordinator,
        name="Peserta",
        list_kind="participants",
        format="csv",
        next_run=timezone.now(),
    )
    # Moved to Tabanan after setting the schedule up.
    UserScope.objects.filter(user=badung_coordinator).update(regency_id="51.02")
    scheduled_exports_start_due()
    run_queued_jobs()
    (_name, content, _type) = mail.outbox[0].attachments[0]
    text = content.decode("utf-8-sig") if isinstance(content, bytes) else content
    assert "Tabanan" in text and "Badung" not in text


def test_monthly_schedules_keep_their_day_or_the_months_last():
    jan31 = timezone.now().replace(year=2027, month=1, day=31)
    assert next_run_after("monthly", jan31).date().isoformat() == "2027-02-28"
    assert next_run_after("weekly", jan31).date().isoformat() == "2027-02-07"


def _add(client, **data):
    form = {
        "name": "Mingguan",
        "list_kind": "participants",
        "format": "xlsx",
        "frequency": "weekly",
        "next_run_0": "2027-01-04",
        "next_run_1": "07:00:00",
        "active": "on",
    }
    form.update(data)
    return client.post(reverse("admin:portal_scheduledexport_add"), form)


def test_staff_keep_their_own_schedules_in_the_admin(badung_coordinator, client, django_user_model):
    other = django_user_model.objects.create_user("lain", is_staff=True)
    ScheduledExport.objects.create(
        owner=other, name="Punya orang lain", list_kind="participants", next_run=timezone.now()
    )
    client.force_login(badung_coordinator)
    response = _add(client, province="51", regency="51.03")
    assert response.status_code == 302
    mine = ScheduledExport.objects.get(name="Mingguan")
    assert mine.owner == badung_coordinator
    assert mine.filters == {"province": "51", "regency": "51.03"}
    listing = client.get(reverse("admin:portal_scheduledexport_changelist")).content.decode()
    assert "Mingguan" in listing and "Punya orang lain" not in listing


def test_a_schedule_outside_the_owners_scope_is_refused_with_the_reason(badung_coordinator, client):
    client.force_login(badung_coordinator)
    response = _add(client, regency="51.02")  # Tabanan: not a choice for a Badung coordinator
    assert response.status_code == 200
    assert "regency" in response.context["adminform"].form.errors
    assert not ScheduledExport.objects.exists()
