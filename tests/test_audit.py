"""The audit trail: every admin edit and every bulk operation says who, when and what changed,
on the record's history page."""

from __future__ import annotations

from django.urls import reverse

from core.audit import audit_bulk, audit_events_for
from core.models import AuditEvent
from programs.models import Beneficiary
from tests.scoping_world import world_fixture  # noqa: F401 (the `world` fixture)
from trainings.models import Attendance, Participant


def test_an_admin_edit_is_in_the_records_history_with_user_and_old_and_new_value(world, db, client):
    user = world.users["province"]
    participant = world.a1.participant
    client.force_login(user)
    url = reverse("admin:trainings_participant_change", args=[participant.pk])
    data = {
        "event": participant.event_id,
        "full_name": "Ni Made Ayu Lestari",
        "gender": "P",
        "role": "librarian",
        "library": participant.library_id,
        "phone": participant.phone,
        "email": participant.email,
        "attendance-TOTAL_FORMS": "0",
        "attendance-INITIAL_FORMS": "0",
        "screenings-TOTAL_FORMS": "0",
        "screenings-INITIAL_FORMS": "0",
    }
    assert client.post(url, data).status_code == 302

    record = participant.history.latest("history_date")
    assert record.history_type == "~" and record.history_user == user
    history = client.get(reverse("admin:trainings_participant_history", args=[participant.pk]))
    html = history.content.decode()
    assert user.username in html
    assert "Peserta 41.10" in html and "Ni Made Ayu Lestari" in html  # old → new


def test_a_bulk_action_writes_row_history_and_one_audit_record_naming_the_rows(world, db, client):
    user = world.users["province"]
    client.force_login(user)
    chosen = [world.a1.beneficiary.pk, world.a2.beneficiary.pk, world.b1.beneficiary.pk]
    response = client.post(
        reverse("admin:programs_beneficiary_changelist"),
        {"action": "step_activate", "_selected_action": chosen},  # the workflow's step (issue 10)
    )
    assert response.status_code == 302

    statuses = dict(Beneficiary.objects.values_list("pk", "status"))
    # Province 42's beneficiary was out of scope: untouched.
    assert statuses == {
        world.a1.beneficiary.pk: "active",
        world.a2.beneficiary.pk: "active",
        world.b1.beneficiary.pk: "selected",
    }
    event = AuditEvent.objects.get()
    assert (event.user, event.action, event.row_count) == (user, "beneficiary_activate", 2)
    assert set(event.rows.values_list("object_id", flat=True)) == {
        str(world.a1.beneficiary.pk),
        str(world.a2.beneficiary.pk),
    }
    row = world.a1.beneficiary.history.latest("history_date")
    assert row.history_user == user and row.status == "active"

    page = client.get(reverse("admin:programs_beneficiary_history", args=[world.a1.beneficiary.pk]))
    html = page.content.decode()
    assert "beneficiary_activate" in html and user.username in html
    # The row's own diff, in the form's labels (issue 16): status selected → active.
    from django.utils import translation

    with translation.override("id"):
        labels = [str(Beneficiary.Status(code).label) for code in ("selected", "active")]
    assert all(label in html for label in labels), labels


def test_delete_selected_writes_one_audit_record_and_a_deletion_per_row(world, db, client):
    user = world.users["national"]
    client.force_login(user)
    pks = [world.a1.attendance.pk, world.b1.attendance.pk]
    response = client.post(
        reverse("admin:trainings_attendance_changelist"),
        {"action": "delete_selected", "_selected_action": pks, "post": "yes"},
    )
    assert response.status_code == 302
    assert not Attendance.objects.filter(pk__in=pks).exists()
    event = AuditEvent.objects.get(action="delete")
    assert event.user == user and event.row_count == 2
    deleted = Attendance.history.filter(history_type="-", id__in=pks)
    assert deleted.count() == 2 and {h.history_user for h in deleted} == {user}


def test_audit_bulk_writes_one_record_that_each_rows_history_finds(world, db):
    participants = list(Participant.objects.filter(library__village__province="41"))
    event = audit_bulk(
        user=world.users["national"],
        action="import",
        model=Participant,
        pks=[p.pk for p in participants],
        detail={
            "file": "peserta.xlsx",
            "sha256": "ab" * 32,
            "counts": {"created": 2, "updated": 0},
        },
    )
    assert AuditEvent.objects.count() == 1
    assert event.row_count == 2 and event.detail["counts"]["created"] == 2
    assert list(audit_events_for(participants[0])) == [event]
    assert list(audit_events_for(world.b1.participant)) == []


def test_coordinators_see_bulk_records_on_history_pages_but_not_the_national_list(
    world, db, client
):
    audit_bulk(
        user=world.users["national"],
        action="export",
        model=Participant,
        pks=[world.a1.participant.pk],
        detail={"format": "xlsx"},
    )
    client.force_login(world.users["regency"])
    page = client.get(
        reverse("admin:trainings_participant_history", args=[world.a1.participant.pk])
    )
    assert "export" in page.content.decode() and "xlsx" in page.content.decode()
    listing = client.get(reverse("admin:core_auditevent_changelist"))
    assert listing.status_code == 403
    client.force_login(world.users["national"])
    listing = client.get(reverse("admin:core_auditevent_changelist"))
    assert listing.status_code == 200 and "export" in listing.content.decode()


def test_every_admin_history_page_opens_for_a_superuser(world, db, admin_client):
    """Models with and without simple-history: no history page may fail."""
    from django.contrib import admin
    from django.contrib.admin.utils import quote

    for model in admin.site._registry:
        obj = model._default_manager.first()
        if obj is None:
            continue
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[quote(obj.pk)])
        assert admin_client.get(url).status_code == 200, url
