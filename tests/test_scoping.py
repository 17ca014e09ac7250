"""Regional scoping: the QuerySet rule, tampering with foreign keys, fail-closed, grant_scope."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from portal.roles import CONTACT_DATA, COORDINATOR, HEALTH_DATA, NATIONAL_ADMIN, VIEWER
from programs.models import Beneficiary, Institution
from tests.scoping_world import world_fixture  # noqa: F401 (the `world` fixture)
from tests.trainings.factories import ParticipantFactory, TrainingEventFactory
from trainings.models import AgendaItem, Attendance, HealthScreening, Participant, TrainingEvent
from villages.models import UserScope, Village, VillageLibrary
from villages.scoping import can_see_contacts, can_see_health, is_national, scope_of

SCOPED = [
    Village,
    VillageLibrary,
    Beneficiary,
    TrainingEvent,
    AgendaItem,
    Participant,
    Attendance,
    HealthScreening,
]


def _regions(qs, path: str) -> set[str]:
    return set(qs.values_list(path, flat=True))


@pytest.mark.parametrize("model", SCOPED, ids=lambda m: m.__name__)
def test_in_scope_fails_closed_for_anonymous_inactive_non_staff_and_unscoped(world, db, model):
    inactive = get_user_model().objects.get(pk=world.users["province"].pk)
    inactive.is_active = False
    non_staff = get_user_model().objects.create_user("warga")
    for user in [None, AnonymousUser(), inactive, non_staff, world.users["noscope"]]:
        assert model.objects.in_scope(user).count() == 0
    assert model.objects.in_scope(world.users["national"]).count() == model.objects.count() > 0


def test_superuser_is_national_and_sees_everything(world, db, superuser):
    assert is_national(superuser)
    assert Participant.objects.in_scope(superuser).count() == Participant.objects.count() == 3
    assert can_see_health(superuser) and can_see_contacts(superuser)


def test_province_scope_keeps_the_province_rows_only(world, db):
    user = world.users["province"]
    assert scope_of(user).level == "province"
    assert _regions(Participant.objects.in_scope(user), "library__village__regency") == {
        "41.10",
        "41.11",
    }
    assert _regions(Village.objects.in_scope(user), "province") == {"41"}
    assert _regions(
        HealthScreening.objects.in_scope(user), "participant__library__village__province"
    ) == {"41"}
    assert _regions(TrainingEvent.objects.in_scope(user), "province") == {"41"}


def test_regency_scope_keeps_the_regency_rows_only(world, db):
    user = world.users["regency"]
    for model, path in [
        (Participant, "library__village__regency"),
        (VillageLibrary, "village__regency"),
        (Beneficiary, "library__village__regency"),
        (Attendance, "participant__library__village__regency"),
        (TrainingEvent, "regency"),
        (AgendaItem, "event__regency"),
    ]:
        assert _regions(model.objects.in_scope(user), path) == {"41.10"}, model


def test_health_screenings_need_the_health_permission_even_in_scope(world, db):
    assert HealthScreening.objects.in_scope(world.users["viewer"]).count() == 0
    assert Participant.objects.in_scope(world.users["viewer"]).count() == 2


def test_institutions_national_ones_are_everyones_regional_ones_stay_in_their_region(world, db):
    office_b = Institution.objects.create(
        name="Dinas Perpustakaan Provinsi Uji B", level="province", province_id="42"
    )
    seen = set(Institution.objects.in_scope(world.users["regency"]))
    assert world.organiser in seen and office_b not in seen


# --- a province-wide event and the regency coordinator ---------------------------------------


@pytest.fixture
def province_wide_event(world, db):
    event = TrainingEventFactory(
        cycle=world.cycle,
        organiser=world.organiser,
        province=world.a1.regency.province,
        regency=None,
        slug="bimtek-provinsi-41",
        title="Bimtek Provinsi 41",
    )
    mine = ParticipantFactory(
        event=event, library=world.a1.library, full_name="Peserta Kabupaten A1"
    )
    theirs = ParticipantFactory(
        event=event, library=world.a2.library, full_name="Peserta Kabupaten A2"
    )
    return event, mine, theirs


def test_regency_coordinator_sees_a_province_wide_event_but_only_their_participants(
    world, province_wide_event, client
):
    event, mine, theirs = province_wide_event
    client.force_login(world.users["regency"])
    page = client.get(reverse("admin:trainings_trainingevent_change", args=[event.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert mine.full_name in html and theirs.full_name not in html
    listing = client.get(reverse("admin:trainings_trainingevent_changelist")).content.decode()
    assert event.title in listing
    # The count column counts their own regency's participants only.
    assert list(TrainingEvent.objects.in_scope(world.users["regency"]).filter(pk=event.pk)) == [
        event
    ]


def test_regency_coordinator_cannot_change_a_province_wide_event(
    world, province_wide_event, client
):
    event, _mine, _theirs = province_wide_event
    client.force_login(world.users["regency"])
    response = client.post(
        reverse("admin:trainings_trainingevent_change", args=[event.pk]), {"title": "Diubah"}
    )
    assert response.status_code == 403
    event.refresh_from_db()
    assert event.title == "Bimtek Provinsi 41"


def test_regency_coordinator_must_give_their_regency_when_adding_an_event(world, db, client):
    client.force_login(world.users["regency"])
    url = reverse("admin:trainings_trainingevent_add")
    page = client.get(url)
    data = {
        "title": "Bimtek Baru",
        "slug": "bimtek-baru",
        "cycle": world.cycle.pk,
        "status": "draft",
        "organiser": world.organiser.pk,
        "province": "41",
        "regency": "",
        "venue": "Aula",
        "start_date": "2022-05-02",
        "end_date": "2022-05-03",
    }
    for inline in page.context["inline_admin_formsets"]:
        prefix = inline.formset.prefix
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    response = client.post(url, data)
    assert response.status_code == 200
    assert "regency" in response.context["adminform"].form.errors
    assert not TrainingEvent.objects.filter(slug="bimtek-baru").exists()


# --- tampering: out-of-scope ids posted by hand ----------------------------------------------


def test_coordinator_cannot_move_a_participant_to_a_library_of_another_province(world, db, client):
    participant = world.a1.participant
    client.force_login(world.users["province"])
    url = reverse("admin:trainings_participant_change", args=[participant.pk])
    page = client.get(url)
    data = {
        "event": participant.event_id,
        "full_name": participant.full_name,
        "gender": participant.gender,
        "role": participant.role,
        "library": world.b1.library.pk,  # Provinsi Uji B
        "phone": participant.phone,
        "email": participant.email,
    }
    for inline in page.context["inline_admin_formsets"]:
        prefix = inline.formset.prefix
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    # Keep the existing inline rows as they are.
    data.update(
        {
            "attendance-TOTAL_FORMS": "1",
            "attendance-INITIAL_FORMS": "1",
            "attendance-0-id": world.a1.attendance.pk,
            "attendance-0-participant": participant.pk,
            "attendance-0-day": "2022-03-14",
        }
    )
    data.update(
        {
            "screenings-TOTAL_FORMS": "1",
            "screenings-INITIAL_FORMS": "1",
            "screenings-0-id": world.a1.screening.pk,
            "screenings-0-participant": participant.pk,
            "screenings-0-phase": "before",
            "screenings-0-test_type": "antigen",
            "screenings-0-result": "negative",
            "screenings-0-tested_on": "2022-03-14",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert "library" in response.context["adminform"].form.errors
    participant.refresh_from_db()
    assert participant.library_id == world.a1.library.pk


def _event_post(event, extra: dict) -> dict:
    data = {
        "title": event.title,
        "slug": event.slug,
        "cycle": event.cycle_id,
        "status": event.status,
        "organiser": event.organiser_id,
        "province": event.province_id,
        "regency": event.regency_id or "",
        "venue": event.venue,
        "start_date": event.start_date.isoformat(),
        "end_date": event.end_date.isoformat(),
        "agenda-TOTAL_FORMS": "0",
        "agenda-INITIAL_FORMS": "0",
    }
    data.update(extra)
    return data


def test_inline_rejects_a_participant_with_an_out_of_scope_library(world, db, client):
    event = world.a1.event
    client.force_login(world.users["province"])
    url = reverse("admin:trainings_trainingevent_change", args=[event.pk])
    data = _event_post(
        event,
        {
            "participants-TOTAL_FORMS": "2",
            "participants-INITIAL_FORMS": "1",
            "participants-0-id": world.a1.participant.pk,
            "participants-0-event": event.pk,
            "participants-0-full_name": world.a1.participant.full_name,
            "participants-0-gender": "P",
            "participants-0-role": "librarian",
            "participants-0-library": world.a1.library.pk,
            "participants-1-event": event.pk,
            "participants-1-full_name": "Penyusup",
            "participants-1-gender": "L",
            "participants-1-role": "librarian",
            "participants-1-library": world.b1.library.pk,
        },
    )
    response = client.post(url, data)
    assert response.status_code == 200
    errors = [
        form.errors
        for inline in response.context["inline_admin_formsets"]
        for form in inline.formset.forms
    ]
    assert any("library" in e for e in errors)
    assert not Participant.objects.filter(full_name="Penyusup").exists()


def test_inline_rejects_editing_an_out_of_scope_row_by_its_id(world, db, client):
    # A Provinsi B participant attached (by national staff) to a province-41 event.
    event = world.a1.event
    stranger = ParticipantFactory(event=event, library=world.b1.library, full_name="Peserta Luar")
    client.force_login(world.users["province"])
    url = reverse("admin:trainings_trainingevent_change", args=[event.pk])
    page = client.get(url)
    assert "Peserta Luar" not in page.content.decode()
    data = _event_post(
        event,
        {
            "participants-TOTAL_FORMS": "1",
            "participants-INITIAL_FORMS": "1",
            "participants-0-id": stranger.pk,
            "participants-0-event": event.pk,
            "participants-0-full_name": "Diubah",
            "participants-0-gender": "L",
            "participants-0-role": "librarian",
            "participants-0-library": world.a1.library.pk,
        },
    )
    response = client.post(url, data)
    # Django drops an initial inline row whose id is outside the inline's queryset.
    assert response.status_code in {200, 302}
    stranger.refresh_from_db()
    assert stranger.full_name == "Peserta Luar" and stranger.library_id == world.b1.library.pk
    assert not Participant.objects.filter(full_name="Diubah").exists()


def test_foreign_key_choices_and_autocomplete_are_limited_to_scope(world, db, client):
    client.force_login(world.users["regency"])
    page = client.get(reverse("admin:trainings_participant_add"))
    form = page.context["adminform"].form
    assert set(form.fields["library"].queryset) == {world.a1.library}
    assert set(form.fields["event"].queryset) == {world.a1.event}
    results = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "villages",
            "model_name": "villagelibrary",
            "field_name": "village",
            "term": "Desa",
        },
    ).json()["results"]
    assert {r["id"] for r in results} == {world.a1.village.pk, world.a1.spare_village.pk}


def test_staff_without_scope_sees_no_scoped_model_in_the_admin(world, db, client):
    client.force_login(world.users["noscope"])
    index = client.get(reverse("admin:index"))
    assert index.status_code == 200
    html = index.content.decode()
    for name in ["participant", "trainingevent", "villagelibrary", "beneficiary"]:
        assert f"/{name}/" not in html
    assert client.get(reverse("admin:trainings_participant_changelist")).status_code == 403


def test_bulk_delete_action_only_reaches_rows_in_scope(world, db, client):
    client.force_login(world.users["province"])
    response = client.post(
        reverse("admin:trainings_attendance_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [world.a1.attendance.pk, world.b1.attendance.pk],
            "post": "yes",
        },
    )
    assert response.status_code == 302
    assert not Attendance.objects.filter(pk=world.a1.attendance.pk).exists()
    assert Attendance.objects.filter(pk=world.b1.attendance.pk).exists()


# --- grant_scope ------------------------------------------------------------------------------


def test_grant_scope_creates_a_staff_user_with_role_scope_and_permissions(world, db):
    out = io.StringIO()
    call_command(
        "grant_scope", "koord-a2", "--regency", "41.11", "--health", stdout=out, language="en"
    )
    user = get_user_model().objects.get(username="koord-a2")
    assert user.is_staff and not user.has_usable_password()
    assert user.region_scope.level == "regency" and user.region_scope.province_id == "41"
    assert set(user.groups.values_list("name", flat=True)) == {COORDINATOR, HEALTH_DATA}
    assert "regency 41.11 (Kabupaten A2)" in out.getvalue() and "health data yes" in out.getvalue()
    assert _regions(Participant.objects.in_scope(user), "library__village__regency") == {"41.11"}


def test_grant_scope_again_replaces_the_previous_grant(world, db):
    call_command(
        "grant_scope",
        "orang",
        "--province",
        "41",
        "--contacts",
        "--health",
        stdout=io.StringIO(),
        language="en",
    )
    call_command(
        "grant_scope",
        "orang",
        "--national",
        "--role",
        "viewer",
        stdout=io.StringIO(),
        language="en",
    )
    user = get_user_model().objects.get(username="orang")
    assert UserScope.objects.get(user=user).level == "national"
    assert set(user.groups.values_list("name", flat=True)) == {VIEWER}
    call_command("grant_scope", "orang", "--national", stdout=io.StringIO(), language="en")
    assert set(user.groups.values_list("name", flat=True)) == {NATIONAL_ADMIN}
    assert CONTACT_DATA not in set(user.groups.values_list("name", flat=True))


@pytest.mark.parametrize(
    "args", [["--province", "99"], ["--regency", "41.99"], ["--regency", "abc"]]
)
def test_grant_scope_rejects_an_unknown_code_with_exit_code_2(world, db, args):
    with pytest.raises(CommandError) as error:
        call_command("grant_scope", "salah", *args, language="en")
    assert error.value.returncode == 2
    assert args[1] in str(error.value)
    assert not get_user_model().objects.filter(username="salah").exists()


def test_a_superuser_sets_a_users_scope_in_the_user_admin(world, db, admin_client):
    user = world.users["noscope"]
    url = reverse("admin:auth_user_change", args=[user.pk])
    page = admin_client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {}
    for name in form.fields:
        value = form.initial.get(name)
        if name in {"groups", "user_permissions"}:
            data[name] = [getattr(v, "pk", v) for v in (value or [])]
        elif name in {"last_login", "date_joined"}:
            data[f"{name}_0"] = value.strftime("%Y-%m-%d") if value else ""
            data[f"{name}_1"] = value.strftime("%H:%M:%S") if value else ""
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        elif value is not None and name != "password":
            data[name] = value
    data.update(
        {
            "access_level": "regency",
            "access_regency": "41.11",
            "access_role": "coordinator",
            "access_health": "on",
        }
    )
    data.pop("access_contacts", None)
    response = admin_client.post(url, data)
    assert response.status_code == 302, (
        response.context and response.context["adminform"].form.errors
    )
    scope = UserScope.objects.get(user=user)
    assert (scope.level, scope.province_id, scope.regency_id) == ("regency", "41", "41.11")
    fresh = get_user_model().objects.get(pk=user.pk)
    assert _regions(Participant.objects.in_scope(fresh), "library__village__regency") == {"41.11"}
    # The same service as grant_scope: the role group and protected-data groups follow.
    assert set(fresh.groups.values_list("name", flat=True)) == {COORDINATOR, HEALTH_DATA}


def test_the_user_admin_refuses_a_regency_scope_without_a_regency(world, db, admin_client):
    user = world.users["noscope"]
    url = reverse("admin:auth_user_change", args=[user.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {"username": user.username, "date_joined_0": "2024-01-01", "date_joined_1": "08:00:00"}
    data.update({"access_level": "regency", "access_role": "coordinator", "is_active": "on"})
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "access_regency" in response.context["adminform"].form.errors
    assert not UserScope.objects.filter(user=user).exists()
    assert form is not None


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:trainings_participant_changelist",
        "admin:trainings_attendance_changelist",
        "admin:trainings_healthscreening_changelist",
        "admin:trainings_trainingevent_changelist",
    ],
)
def test_scoped_changelists_use_the_same_queries_at_1_and_50_rows(world, db, client, url_name):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.trainings.factories import AttendanceFactory, HealthScreeningFactory

    client.force_login(world.users["regency"])
    url = reverse(url_name)
    client.get(url)  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for participant in ParticipantFactory.create_batch(
        49, event=world.a1.event, library=world.a1.library
    ):
        AttendanceFactory(participant=participant)
        HealthScreeningFactory(participant=participant)
    with CaptureQueriesContext(connection) as fifty:
        response = client.get(url)
    assert response.status_code == 200
    assert len(fifty) == len(one) <= 15


def test_event_page_queries_do_not_grow_with_its_participants(world, db, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.users["province"])
    url = reverse("admin:trainings_trainingevent_change", args=[world.a1.event.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    ParticipantFactory.create_batch(49, event=world.a1.event, library=world.a2.library)
    with CaptureQueriesContext(connection) as fifty:
        response = client.get(url)
    assert len(fifty) == len(one)
    # Each row shown still shows its selected library: the inline shows its first 20 rows
    # (issue 17: ParticipantInline.max_rows), the A1 participant first, then 19 of A2's.
    html = response.content.decode()
    selected = f'<option value="{world.a2.library.pk}" selected>{world.a2.library.name}</option>'
    assert html.count(selected) == 19
