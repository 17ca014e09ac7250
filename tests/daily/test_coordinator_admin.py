"""A regency coordinator's day in the admin (issue 16): filters that list only their regions,
a delete action that never offers what they may not delete, refusal pages that name no
health data, history and audit in the form's language, and no /favicon.ico request."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation

from core.audit import audit_bulk
from core.models import AuditEvent
from trainings.models import Participant, TrainingEvent

pytestmark = pytest.mark.django_db

LISTS = [
    "/admin/trainings/participant/",
    "/admin/trainings/trainingevent/",
    "/admin/villages/villagelibrary/",
    "/admin/programs/beneficiary/",
]


def _filter_codes(html: str, name: str) -> set[str]:
    return set(re.findall(rf"[?&]{name}=([\d.]+)", html))


@pytest.mark.parametrize("url", LISTS)
def test_province_and_regency_filters_list_only_the_coordinators_regions(badung_client, url):
    html = badung_client.get(url).content.decode()
    assert _filter_codes(html, "province") == {"51"}
    assert _filter_codes(html, "regency") <= {"51.03"}


def test_a_national_user_still_gets_every_province(admin_client, demo):
    html = admin_client.get("/admin/villages/villagelibrary/").content.decode()
    from villages.models import Province

    every = set(Province.objects.values_list("code", flat=True))
    assert len(every) > 1 and _filter_codes(html, "province") == every


def test_delete_selected_on_a_record_the_coordinator_may_not_delete_deletes_nothing(
    badung_client, demo
):
    event = demo.event  # a province-wide event: read-only for a regency coordinator
    response = badung_client.post(
        "/admin/trainings/trainingevent/",
        {"action": "delete_selected", "_selected_action": [event.pk]},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    text = response.content.decode()
    # Not offered on this list (none is theirs), or refused with a message: never the
    # refusal page listing kinds of records, and nothing deleted.
    listing = badung_client.get("/admin/trainings/trainingevent/").content.decode()
    assert 'value="delete_selected"' not in listing or "hanya-baca" in text
    assert "Cannot delete" not in text and "Tidak dapat menghapus" not in text
    assert TrainingEvent.objects.filter(pk=event.pk).exists()


def test_the_delete_confirmation_never_names_health_screenings_without_the_permission(
    badung_client, demo
):
    participant = Participant.objects.filter(
        library__regency="51.03", screenings__isnull=False
    ).first()
    assert participant is not None
    for language in ("id", "en"):
        badung_client.cookies["django_language"] = language
        for response in (
            badung_client.get(f"/admin/trainings/participant/{participant.pk}/delete/"),
            badung_client.post(
                "/admin/trainings/participant/",
                {"action": "delete_selected", "_selected_action": [participant.pk]},
            ),
        ):
            assert response.status_code == 200
            text = response.content.decode().lower()
            assert "screening" not in text and "kesehatan" not in text


def test_history_shows_choice_labels_and_no_none_reason(admin_client, demo):
    event = TrainingEvent.objects.get(pk=demo.event.pk)
    event.status = TrainingEvent.Status.DRAFT
    event.save()
    event.status = TrainingEvent.Status.PUBLISHED
    event.save()
    html = admin_client.get(f"/admin/trainings/trainingevent/{event.pk}/history/").content
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html.decode()))
    text = text.replace("&rarr;", "→").replace("\xa0", " ").replace("&nbsp;", " ")
    with translation.override("id"):
        status = str(TrainingEvent._meta.get_field("status").verbose_name).capitalize()
        old, new = TrainingEvent.Status.DRAFT.label, TrainingEvent.Status.PUBLISHED.label
        assert str(new) != "published"  # the Indonesian label, not the stored code
        assert f"{status}: {old} → {new}" in re.sub(" +", " ", text), text[-1500:]
    assert "None" not in text


def test_audit_actions_are_translated_and_the_type_filter_lists_only_portal_records(
    admin_client, demo, superuser
):
    audit_bulk(user=superuser, action="import", model=Participant, pks=[1])
    admin_client.cookies["django_language"] = "id"
    html = admin_client.get("/admin/core/auditevent/").content.decode()
    assert ">impor<" in html.replace("\n", "").replace(" ", "") or "impor</" in html
    filters = html[html.index('id="changelist-filter"') :]
    filters = filters[: filters.index("</nav>")]
    assert "impor" in filters and "Participant" not in filters  # labels, in Indonesian
    assert "axes" not in filters.lower() and "access attempt" not in filters.lower()
    assert AuditEvent.objects.filter(action="import").exists()  # the code itself is unchanged


def test_the_user_list_shows_a_scope_by_its_region_name(admin_client, badung):
    html = admin_client.get("/admin/auth/user/").content.decode()
    assert "Badung" in html
    assert ": 51.03" not in html


@pytest.mark.parametrize("url", ["/admin/", "/admin/login/", *LISTS])
def test_admin_pages_link_their_own_icon(badung_client, url):
    badung_client.logout() if url.endswith("login/") else None
    html = badung_client.get(url).content.decode()
    assert re.search(r'<link rel="icon" href="[^"]*logo\.svg"', html)


def test_the_staff_user_model_is_the_one_registered(badung):
    # The user admin with scope names and invitations replaced Django's (portal/admin_audit.py).
    from django.contrib import admin

    assert type(admin.site._registry[get_user_model()]).__name__ == "InvitingUserAdmin"
    assert reverse("admin:auth_user_changelist") == "/admin/auth/user/"
