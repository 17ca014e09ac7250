"""The coordinators' admin: every page answers, big foreign keys autocomplete, lists stay cheap."""

import pytest
from django.contrib import admin
from django.urls import reverse

from programs.models import Beneficiary
from tests.programs.factories import BeneficiaryFactory, OfficialFactory
from tests.trainings.factories import (
    AgendaItemFactory,
    AttendanceFactory,
    HealthScreeningFactory,
    ParticipantFactory,
)
from tests.villages.factories import VillageFactory, VillageLibraryFactory
from trainings.models import Attendance, HealthScreening, Participant
from villages.models import VillageLibrary

pytestmark = pytest.mark.django_db

MODELS = [
    model
    for model in admin.site._registry
    if model._meta.app_label in {"villages", "programs", "trainings"}
]


def url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def records(demo):
    """One of everything (the demo, plus rows of the models it leaves empty)."""
    AgendaItemFactory()
    AttendanceFactory()
    HealthScreeningFactory()
    OfficialFactory()
    BeneficiaryFactory()
    return demo


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_changelist_add_and_change_answer_to_a_superuser(admin_client, records, model):
    assert admin_client.get(url(model, "changelist")).status_code == 200
    # Certificates are issued by their service, never typed: their admin refuses "add".
    typed = model._meta.label != "trainings.Certificate"
    assert admin_client.get(url(model, "add")).status_code == (200 if typed else 403)
    if not typed:
        from core.system import system_user
        from trainings.paperwork.services import certificates_issue

        certificates_issue(event=records.event, user=system_user())
    obj = model.objects.order_by("pk").first()
    assert obj is not None
    response = admin_client.get(url(model, "change", obj.pk))
    assert response.status_code == 200
    assert str(obj) in response.content.decode()


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_changelist_search_and_filters_answer(admin_client, records, model):
    model_admin = admin.site._registry[model]
    params = {"q": "Mengwi"}
    filters = [getattr(f, "parameter_name", None) for f in model_admin.list_filter]
    if "province" in filters:
        params["province"] = "51"
    if "regency" in filters:
        params["regency"] = "51.03"
    response = admin_client.get(url(model, "changelist"), params)
    assert response.status_code == 200
    assert "?e=1" not in response.get("Location", "")  # Django's sign of an unusable filter


def test_admin_is_in_indonesian_by_default(admin_client):
    response = admin_client.get(reverse("admin:index"))
    assert 'lang="id"' in response.content.decode()


@pytest.mark.parametrize(
    ("model", "field"),
    [
        (VillageLibrary, "village"),
        (Participant, "library"),
        (Beneficiary, "library"),
        (Attendance, "participant"),
        (HealthScreening, "participant"),
    ],
)
def test_big_foreign_keys_are_autocomplete_widgets_not_selects(admin_client, records, model, field):
    html = admin_client.get(url(model, "add")).content.decode()
    assert f'name="{field}"' in html
    assert 'class="admin-autocomplete' in html
    # A <select> of every village would carry each one's code as an <option>.
    assert "51.03.02.2009</option>" not in html


@pytest.mark.parametrize(
    ("app", "model", "field", "term", "expected"),
    [
        ("villages", "villagelibrary", "village", "Kutuh", ["51.03.05.2003", "51.06.04.2044"]),
        ("trainings", "participant", "library", "Punggul", ["Perpustakaan Desa Punggul"]),
        ("trainings", "attendance", "participant", "", None),
    ],
)
def test_autocomplete_finds_villages_libraries_and_participants(
    admin_client, records, app, model, field, term, expected
):
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {"app_label": app, "model_name": model, "field_name": field, "term": term},
    )
    assert response.status_code == 200
    texts = " ".join(item["text"] for item in response.json()["results"])
    if expected is None:
        assert response.json()["results"]
    for text in expected or []:
        assert text in texts


@pytest.mark.parametrize(
    ("changelist", "make_rows"),
    [
        ("admin:trainings_participant_changelist", lambda n: ParticipantFactory.create_batch(n)),
        ("admin:villages_village_changelist", lambda n: VillageFactory.create_batch(n)),
        (
            "admin:villages_villagelibrary_changelist",
            lambda n: VillageLibraryFactory.create_batch(n),
        ),
        ("admin:programs_beneficiary_changelist", lambda n: BeneficiaryFactory.create_batch(n)),
        ("admin:trainings_trainingevent_changelist", lambda n: ParticipantFactory.create_batch(n)),
    ],
)
@pytest.mark.parametrize("rows", [1, 50])
def test_changelists_run_a_bounded_number_of_queries(
    admin_client, django_assert_max_num_queries, changelist, make_rows, rows
):
    make_rows(rows)
    with django_assert_max_num_queries(12):
        response = admin_client.get(reverse(changelist))
    assert response.status_code == 200
    assert response.context["cl"].result_count >= rows


@pytest.mark.parametrize(
    "changelist",
    [
        "admin:trainings_participant_changelist",
        "admin:programs_beneficiary_changelist",
        "admin:programs_programcycle_changelist",
    ],
)
@pytest.mark.parametrize("selected", ["abc", "\x00", "1; DROP TABLE"])
def test_a_forged_selection_gets_a_message_not_a_500(admin_client, records, changelist, selected):
    response = admin_client.post(
        reverse(changelist),
        {"action": "delete_selected", "_selected_action": [selected]},
        follow=True,
    )
    assert response.status_code == 200
    texts = [str(m) for m in response.context["messages"]]
    assert any("choose the rows again" in t or "pilih baris" in t for t in texts), texts
