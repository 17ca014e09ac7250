"""The admin start page: the coordinator's to-dos in their scope (issue 14), models by the work."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation

from portal.admin_dashboard import coordinator_todos
from portal.services import user_access_grant
from programs.models import AidItemKind, AidPackage, AidPackageItem, Beneficiary
from trainings.models import Participant, TrainingEvent

BADUNG, TABANAN = "51.03", "51.02"


def _staff(username: str, *, level: str, code: str = ""):
    user = get_user_model().objects.create_user(username, password="x-Password-123")
    user_access_grant(user=user, level=level, code=code, contacts=False, health=False)
    return get_user_model().objects.get(pk=user.pk)  # fresh: no cached permissions


def _draft_event_copy(demo, *, regency: str, slug: str) -> TrainingEvent:
    """A draft of the demo's Bali event held for one regency: begun (2021), no attendance."""
    event = TrainingEvent.objects.get(pk=demo.event.pk)
    event.pk = None
    event.id = None
    event._state.adding = True
    event.slug = slug
    event.regency_id = regency
    event.status = TrainingEvent.Status.DRAFT
    event.save()
    return event


@pytest.fixture
def work(demo):
    """On the demo: to-dos in Badung and, to be left out of Badung's page, in Tabanan.

    Badung: 2 beneficiaries with aid outstanding, 1 draft event without attendance, 2 guests.
    Tabanan: 1 beneficiary with aid outstanding, 1 draft event, 1 guest (and the demo's one
    proposed beneficiary). The demo's published events have attendance; its aid is delivered.
    """
    badung = Beneficiary.objects.filter(library__regency=BADUNG, track="central").order_by("pk")
    tabanan = Beneficiary.objects.filter(library__regency=TABANAN, status="selected")
    package = AidPackage.objects.create(cycle=badung[0].cycle, name="Paket uji")
    AidPackageItem.objects.create(package=package, kind=AidItemKind.BOOKS, quantity=100)
    Beneficiary.objects.filter(pk__in=[badung[0].pk, badung[1].pk, tabanan[0].pk]).update(
        package=package
    )
    _draft_event_copy(demo, regency=BADUNG, slug="draf-badung")
    _draft_event_copy(demo, regency=TABANAN, slug="draf-tabanan")
    guests = [
        *Participant.objects.filter(library__regency=BADUNG).order_by("pk")[:2],
        *Participant.objects.filter(library__regency=TABANAN).order_by("pk")[:1],
    ]
    Participant.objects.filter(pk__in=[p.pk for p in guests]).update(
        is_guest=True, guest_reason=Participant.GuestReason.choices[0][0]
    )


def _counts(todos) -> dict[str, int]:
    with translation.override("en"):
        return {str(todo.label): todo.count for todo in todos}


def test_badung_coordinator_sees_their_todos_with_counts_and_none_of_tabanan(work):
    user = _staff("badung", level="regency", code=BADUNG)

    assert _counts(coordinator_todos(user)) == {
        "Beneficiaries with aid not yet delivered": 2,
        "Events begun without attendance recorded": 1,
        "Draft events to review and publish": 1,
        "Participants flagged as guests": 2,
    }


def test_national_coordinator_sees_national_counts_and_their_workflow_steps(work):
    user = _staff("pusat", level="national")
    selected = Beneficiary.objects.filter(status="selected").count()

    assert _counts(coordinator_todos(user)) == {
        "Beneficiaries proposed, waiting for your verification": 1,
        "Beneficiaries selected, waiting for activation": selected,
        "Beneficiaries with aid not yet delivered": 3,
        "Events begun without attendance recorded": 2,
        "Draft events to review and publish": 2,
        "Participants flagged as guests": 3,
    }


@pytest.mark.parametrize("who", ["badung", "national"])
def test_each_todo_link_lists_exactly_the_rows_counted(work, client, who):
    user = (
        _staff(who, level="regency", code=BADUNG)
        if who == "badung"
        else _staff(who, level="national")
    )
    client.force_login(user)
    todos = coordinator_todos(user)
    assert len(todos) >= 4
    for todo in todos:
        response = client.get(todo.url)
        assert response.status_code == 200, todo.url
        changelist = response.context["cl"]
        assert changelist.result_count == todo.count, todo.url
        assert changelist.result_count < changelist.full_result_count, todo.url  # filtered


def test_admin_start_page_shows_badung_todos_and_models_grouped_by_the_work(work, client):
    client.force_login(_staff("badung", level="regency", code=BADUNG))

    html = client.get(reverse("admin:index")).content.decode()

    assert "?is_guest__exact=1" in html
    assert "?attendance=missing" in html
    assert "?aid=outstanding" in html
    assert "status__exact=proposed" not in html  # verification is the province's step
    groups = [html.index(f'class="app-{key} module"') for key in ("program", "events", "access")]
    assert groups == sorted(groups)
    assert 'class="app-programs module"' not in html  # not Django's alphabetical app list


def test_admin_start_page_runs_the_same_bounded_queries_at_1_and_50_guests(
    work, client, django_assert_max_num_queries
):
    user = _staff("badung", level="regency", code=BADUNG)
    client.force_login(user)
    with django_assert_max_num_queries(16):
        assert client.get(reverse("admin:index")).status_code == 200
    badung = Participant.objects.filter(library__regency=BADUNG)
    Participant.objects.filter(pk__in=list(badung.values_list("pk", flat=True)[:17])).update(
        is_guest=True, guest_reason=Participant.GuestReason.choices[0][0]
    )
    with django_assert_max_num_queries(16):
        assert client.get(reverse("admin:index")).status_code == 200


def test_todos_take_one_query_each_whatever_the_number_of_rows(work, django_assert_max_num_queries):
    user = _staff("pusat", level="national")
    user.has_perm("programs.view_beneficiary")  # permissions and scope: loaded once per request
    # 8 before the two monthly-report to-dos (missing reports, waiting for approval): one each.
    with django_assert_max_num_queries(10):
        few = coordinator_todos(user)
    Participant.objects.update(is_guest=True, guest_reason=Participant.GuestReason.choices[0][0])
    with django_assert_max_num_queries(10):
        many = coordinator_todos(user)
    assert _counts(many)["Participants flagged as guests"] == Participant.objects.count()
    assert len(many) == len(few)
