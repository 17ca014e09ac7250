"""The permission matrix: role × scoped admin model × admin view × in-scope/out-of-scope record.

Every cell asserts the status code and, where the view lists or creates rows, which rows appear
(changelist, autocomplete) or whether the row was saved (add: an in-scope and an out-of-scope
foreign key are POSTed). One world is built per module (inside a transaction rolled back at the
end); each test runs in its own savepoint, so POSTs leave nothing behind.
"""

from __future__ import annotations

import pytest
from django.contrib.admin.utils import quote
from django.urls import reverse

from programs.models import Beneficiary
from tests.scoping_world import ROLES, Region, World, world_fixture  # noqa: F401 (the `world` fixture)
from trainings.models import AgendaItem, Attendance, HealthScreening, Participant, TrainingEvent
from villages.models import Village, VillageLibrary

APP = {
    "village": "villages",
    "villagelibrary": "villages",
    "beneficiary": "programs",
    "trainingevent": "trainings",
    "agendaitem": "trainings",
    "participant": "trainings",
    "attendance": "trainings",
    "healthscreening": "trainings",
}
MODELS = list(APP)
# Regions are reference data: coordinators read them, only national staff write them.
REFERENCE = {"village"}
VIEWS = ["changelist", "change", "add", "delete", "history", "autocomplete"]
# Autocomplete exists for a model another admin points at with autocomplete_fields:
# (source app, source model, field).
AUTOCOMPLETE_SOURCE = {
    "village": ("villages", "villagelibrary", "village"),
    "villagelibrary": ("trainings", "participant", "library"),
    "trainingevent": ("trainings", "participant", "event"),
    "participant": ("trainings", "attendance", "participant"),
}

CELLS = [
    (role, model, view, case)
    for role in ROLES
    for model in MODELS
    for view in VIEWS
    if view != "autocomplete" or model in AUTOCOMPLETE_SOURCE
    for case in ("in", "out")
]


def _expected_status(role: str, model: str, view: str, in_scope: bool) -> int:
    """The status a role gets; "login" is a redirect to the login page."""
    if role == "noscope":
        return 403
    if role == "viewer" and model == "healthscreening":
        return 403  # no health permission
    can_write = role == "national" or (role in {"province", "regency"} and model not in REFERENCE)
    if view in {"add", "delete"} and not can_write:
        return 403
    if view == "change" or view == "delete":
        return 200 if in_scope else 302  # the admin redirects "no such record" to the index
    if view == "history":
        return 200 if in_scope else 404
    if view == "add":
        return 302 if in_scope else 200  # saved and redirected, or the form with an error
    return 200


def _add_data(world: World, model: str, region: Region) -> tuple[dict, object]:
    """POST data adding a record attached to `region`, and a queryset finding it afterwards."""
    code = region.regency.code
    if model == "village":
        data = {
            "code": f"{region.district.code}.2099",
            "district": region.district.code,
            "name": "Desa Tambahan",
            "kind": "desa",
        }
        return data, Village.objects.filter(code=data["code"])
    if model == "villagelibrary":
        data = {
            "level": "village",
            "village": region.spare_village.code,
            "name": "Perpustakaan Tambahan",
            "slug": f"tambahan-{code.replace('.', '-')}",
            "is_active": "on",
        }
        return data, VillageLibrary.objects.filter(slug=data["slug"])
    if model == "beneficiary":
        # The status is the workflow's (read-only in the form): an added row is proposed.
        data = {
            "cycle": world.cycle2.pk,
            "library": region.library.pk,
            "track": "central",
            "funding_source": "apbn",
        }
        return data, Beneficiary.objects.filter(cycle=world.cycle2, library=region.library)
    if model == "trainingevent":
        data = {
            "title": "Bimtek Tambahan",
            "slug": f"tambahan-{code.replace('.', '-')}",
            "cycle": world.cycle.pk,
            "status": "draft",
            "organiser": world.organiser.pk,
            "province": region.regency.province_id,
            "regency": region.regency.code,
            "kind": "bimtek",
            "level": "regency",
            "mode": "in_person",
            "venue": "Aula",
            "start_date": "2022-05-02",
            "end_date": "2022-05-03",
        }
        return data, TrainingEvent.objects.filter(slug=data["slug"])
    if model == "agendaitem":
        data = {
            "event": region.event.pk,
            "day": "2022-03-15",
            "start_time": "13:00",
            "end_time": "14:00",
            "topic": "Sesi Tambahan",
        }
        return data, AgendaItem.objects.filter(topic="Sesi Tambahan")
    if model == "participant":
        data = {
            "event": region.event.pk,
            "full_name": "Peserta Tambahan",
            "gender": "P",
            "role": "librarian",
            "library": region.library.pk,
        }
        return data, Participant.objects.filter(full_name="Peserta Tambahan")
    if model == "attendance":
        data = {"participant": region.participant.pk, "day": "2022-03-15"}
        return data, Attendance.objects.filter(participant=region.participant, day="2022-03-15")
    data = {
        "participant": region.participant.pk,
        "phase": "after",
        "test_type": "antigen",
        "result": "negative",
        "tested_on": "2022-03-16",
    }
    return data, HealthScreening.objects.filter(participant=region.participant, phase="after")


def _management_forms(response) -> dict:
    data = {}
    for inline in response.context["inline_admin_formsets"]:
        prefix = inline.formset.prefix
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    return data


@pytest.mark.parametrize(("role", "model", "view", "case"), CELLS, ids=["-".join(c) for c in CELLS])
def test_permission_matrix(world, db, client, role, model, view, case):
    app = APP[model]
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    region = world.a1 if case == "in" else world.out_region(role)
    record = region.record(model)
    in_scope = case == "in" or role == "national"

    if view == "changelist":
        url = reverse(f"admin:{app}_{model}_changelist")
    elif view in {"change", "delete", "history"}:
        url = reverse(f"admin:{app}_{model}_{view}", args=[quote(record.pk)])
    elif view == "add":
        url = reverse(f"admin:{app}_{model}_add")
    else:
        source_app, source_model, field = AUTOCOMPLETE_SOURCE[model]
        url = reverse("admin:autocomplete") + (
            f"?app_label={source_app}&model_name={source_model}&field_name={field}&term="
        )

    response = client.get(url)
    if role == "anonymous":
        assert response.status_code == 302
        assert "/login/" in response["Location"]
        return

    expected = _expected_status(role, model, view, in_scope)
    if view == "add" and expected != 403:
        assert response.status_code == 200
        data, found = _add_data(world, model, region)
        data.update(_management_forms(response))
        response = client.post(url, data)
        assert response.status_code == expected, getattr(response, "context", None) and [
            form.errors
            for form in [response.context.get("adminform") and response.context["adminform"].form]
            if form
        ]
        assert found.exists() is in_scope
        return

    assert response.status_code == expected
    if expected != 200:
        return
    change_url = reverse(f"admin:{app}_{model}_change", args=[quote(record.pk)])
    if view == "changelist":
        assert (change_url in response.content.decode()) is in_scope
    elif view == "autocomplete":
        ids = {item["id"] for item in response.json()["results"]}
        assert (str(record.pk) in ids) is in_scope
        assert str(world.a1.record(model).pk) in ids
    elif view in {"change", "history"}:
        assert str(record) in response.content.decode()


# --- a national event (issue 11): seen by every region it serves, changed by national staff ---

from django.utils import translation  # noqa: E402

from tests.scoping_world import national_event  # noqa: E402
from trainings.importing import ERROR, NEW, participants_import  # noqa: E402

NATIONAL_CASES = [
    # (user, the regions whose participants they see)
    ("province", {"a1", "a2"}),
    ("regency", {"a1"}),
    ("province_b", {"b1"}),
    ("national", {"a1", "a2", "b1"}),
]


def _user(world, national, name):
    return national.province_b_user if name == "province_b" else world.users[name]


@pytest.mark.parametrize(("who", "sees"), NATIONAL_CASES, ids=[c[0] for c in NATIONAL_CASES])
def test_national_event_is_seen_by_each_served_region_with_only_its_own_participants(
    world, db, client, who, sees
):
    national = national_event(world)
    user = _user(world, national, who)
    event = national.event
    assert TrainingEvent.objects.in_scope(user).filter(pk=event.pk).exists()
    visible = set(Participant.objects.in_scope(user).filter(event=event))
    assert visible == {national.participants[name] for name in sees}

    client.force_login(user)
    listing = client.get(
        reverse("admin:trainings_participant_changelist") + f"?event__id__exact={event.pk}"
    ).content.decode()
    for name, participant in national.participants.items():
        assert (participant.full_name in listing) is (name in sees), name
    events = client.get(reverse("admin:trainings_trainingevent_changelist")).content.decode()
    assert "Bimtek Nasional" in events


@pytest.mark.parametrize("who", ["province", "regency", "province_b", "viewer"])
def test_national_event_cannot_be_changed_by_a_region_it_serves_or_where_it_is_held(
    world, db, client, who
):
    national = national_event(world)
    user = _user(world, national, who)
    assert not national.event.is_changeable_by(user)
    client.force_login(user)
    url = reverse("admin:trainings_trainingevent_change", args=[national.event.pk])
    page = client.get(url)
    assert page.status_code == 200  # seen, read-only
    assert page.context["has_change_permission"] is False
    assert client.post(url, {"title": "Diubah"}).status_code == 403
    national.event.refresh_from_db()
    assert national.event.title == "Bimtek Nasional"


def test_national_event_is_changed_by_national_staff(world, db):
    national = national_event(world)
    assert national.event.is_changeable_by(world.users["national"])


def test_an_event_serving_nobody_of_a_region_stays_invisible_to_it(world, db):
    national = national_event(world)
    national.event.served_provinces.set(["42"])
    for who in ("province", "regency", "viewer"):
        user = world.users[who]
        assert not TrainingEvent.objects.in_scope(user).filter(pk=national.event.pk).exists()
    assert (
        TrainingEvent.objects.in_scope(national.province_b_user)
        .filter(pk=national.event.pk)
        .exists()
    )


def _csv(*rows) -> bytes:
    lines = ["Nama,Jenis Kelamin,Jabatan,Kode Desa,Desa"]
    lines += [",".join(row) for row in rows]
    return ("\n".join(lines) + "\n").encode()


@pytest.mark.parametrize("who", ["province", "province_b"])
def test_each_province_coordinator_imports_their_own_people_into_a_national_event(world, db, who):
    national = national_event(world)
    user = _user(world, national, who)
    mine, theirs = (world.a1, world.b1) if who == "province" else (world.b1, world.a1)
    data = _csv(
        ["Warga Satu", "P", "Pengelola", mine.village.code, ""],
        ["Warga Dua", "L", "Staf", theirs.village.code, ""],
        # A village named without its regency is looked for in the regions the event serves
        # that are the user's: found for my own village, never in the other province.
        ["Warga Tiga", "L", "Staf", "", mine.village.name],
        ["Warga Empat", "P", "Staf", "", theirs.village.name],
    )
    with translation.override("en"):
        report = participants_import(
            event=national.event, user=user, data=data, filename="peserta.csv", commit=True
        )
        messages = " ".join(report.rows[1].message_texts)
    outcomes = [row.outcome for row in report.rows]
    assert outcomes == [NEW, ERROR, NEW, ERROR]
    created = Participant.objects.filter(pk__in=report.created_pks)
    assert {p.library_id for p in created} == {mine.library.pk}
    assert "outside your region" in messages


# --- a library operator (issue 13): one library's profile (and its reports), nothing else ---

from django.contrib import admin as django_admin  # noqa: E402

from portal.roles import operator_models, operator_profile_models  # noqa: E402
from portal.services import user_access_grant  # noqa: E402
from tests.villages.factories import StaffFactory  # noqa: E402
from villages.models import UserScope  # noqa: E402


def _operator(world):
    """The operator of A1's library (the matrix's "in" region), made inside the test."""
    user = StaffFactory(username="operator-a1")
    user_access_grant(
        user=user,
        level=UserScope.Level.LIBRARY,
        code=world.a1.library.slug,
        contacts=False,
        health=False,
    )
    return user


def _operator_expected(model: str, view: str, in_scope: bool) -> int:
    if model != "villagelibrary" or view in {"add", "delete"}:
        return 403  # no permission on any other model, never adds or deletes a library
    if view == "change":
        return 200 if in_scope else 302
    if view == "history":
        return 200 if in_scope else 404
    return 200  # changelist, autocomplete: 200, with only their library in it


OPERATOR_CELLS = [
    (model, view, case)
    for model in MODELS
    for view in VIEWS
    if view != "autocomplete" or model in AUTOCOMPLETE_SOURCE
    for case in ("in", "out", "sibling")
]


@pytest.mark.parametrize(
    ("model", "view", "case"), OPERATOR_CELLS, ids=["-".join(c) for c in OPERATOR_CELLS]
)
def test_permission_matrix_library_operator(world, db, client, model, view, case):
    """The operator of A1's library: their library's profile only. "sibling" is A2 (same
    province), "out" is B1 (another province): both are another library's records."""
    client.force_login(_operator(world))
    region = {"in": world.a1, "out": world.b1, "sibling": world.a2}[case]
    app, record = APP[model], region.record(model)
    if view == "changelist":
        url = reverse(f"admin:{app}_{model}_changelist")
    elif view in {"change", "delete", "history"}:
        url = reverse(f"admin:{app}_{model}_{view}", args=[quote(record.pk)])
    elif view == "add":
        url = reverse(f"admin:{app}_{model}_add")
    else:
        source_app, source_model, field = AUTOCOMPLETE_SOURCE[model]
        url = reverse("admin:autocomplete") + (
            f"?app_label={source_app}&model_name={source_model}&field_name={field}&term="
        )
    in_scope = case == "in"
    expected = _operator_expected(model, view, in_scope)
    response = client.get(url)
    assert response.status_code == expected
    if view != "autocomplete" and (view == "add" or expected == 403):
        assert client.post(url, {"name": "Diubah"}).status_code == 403
    if expected != 200:
        return
    change_url = reverse(f"admin:{app}_{model}_change", args=[quote(record.pk)])
    if view == "changelist":
        assert (change_url in response.content.decode()) is in_scope
        assert response.context["cl"].result_count == 1
    elif view == "autocomplete":
        ids = {item["id"] for item in response.json()["results"]}
        assert ids == {str(world.a1.library.pk)}
    else:
        assert str(record) in response.content.decode()


def test_library_operator_gets_403_on_every_other_admin_list(world, db, client):
    """Every changelist of the admin but their library's and the reports they keep: 403."""
    client.force_login(_operator(world))
    allowed = {*operator_profile_models(), *operator_models()}
    refused = []
    for model in django_admin.site._registry:
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        status = client.get(url).status_code
        if model in allowed:
            assert status == 200, url
        elif status != 403:
            refused.append((url, status))
    assert refused == []
    index = client.get(reverse("admin:index")).content.decode()
    assert reverse("admin:villages_villagelibrary_changelist") in index
    assert reverse("admin:trainings_participant_changelist") not in index
    assert reverse("admin:auth_user_changelist") not in index


def test_library_operator_changes_only_the_profile_of_their_library(world, db, client):
    library = world.a1.library
    client.force_login(_operator(world))
    url = reverse("admin:villages_villagelibrary_change", args=[library.pk])
    form = client.get(url).context["adminform"].form
    assert "opening_hours" in form.fields and "manager_name" in form.fields
    for locked in ("name", "slug", "level", "village", "regency", "province", "npp", "is_active"):
        assert locked not in form.fields, locked
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(opening_hours="Senin–Jumat 08.00–15.00", name="Nama Baru", npp="9999999999")
    response = client.post(url, data)
    assert response.status_code == 302, (
        response.context and response.context["adminform"].form.errors
    )
    library.refresh_from_db()
    assert library.opening_hours == "Senin–Jumat 08.00–15.00"
    assert library.name == world.a1.library.name and library.npp != "9999999999"
    other = world.a2.library
    assert client.post(
        reverse("admin:villages_villagelibrary_change", args=[other.pk]), data
    ).status_code in {302, 403, 404}
    other.refresh_from_db()
    assert other.opening_hours != "Senin–Jumat 08.00–15.00"
