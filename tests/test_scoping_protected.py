"""Protected data: phones and e-mails only with the contacts permission, health screenings only
with the health permission — on every admin page, autocomplete and history entry."""

from __future__ import annotations

import pytest
from django.urls import reverse

from portal.roles import CONTACT_DATA, COORDINATOR, HEALTH_DATA
from tests.scoping_world import world_fixture  # noqa: F401 (the `world` fixture)
from tests.villages.factories import StaffFactory
from villages.models import Province

OLD_PHONE, NEW_PHONE = "+628129999011", "+6281377770123"
OLD_EMAIL, NEW_EMAIL = "peserta1@example.org", "baru.sekali@example.org"


def _coordinator(username: str, groups: list[str]):
    """A coordinator of province 41 (the world's A), with `groups` on top."""
    province = Province.objects.get(code="41")
    return StaffFactory(username=username, groups=[COORDINATOR, *groups], scope=province)


@pytest.fixture
def edited(world, db):
    """The A1 participant's phone and e-mail changed once, so history has old and new values."""
    participant = world.a1.participant
    participant.phone, participant.email = NEW_PHONE, NEW_EMAIL
    participant._history_user = world.users["national"]
    participant.save()
    return participant


def _pages(client, world, participant) -> dict[str, str]:
    history = participant.history.order_by("history_date").first()
    library = world.a1.library
    urls = {
        "participant changelist": reverse("admin:trainings_participant_changelist"),
        "participant change": reverse("admin:trainings_participant_change", args=[participant.pk]),
        "participant history": reverse(
            "admin:trainings_participant_history", args=[participant.pk]
        ),
        "participant history snapshot": reverse(
            "admin:trainings_participant_simple_history", args=[participant.pk, history.pk]
        ),
        "event change (participant inline)": reverse(
            "admin:trainings_trainingevent_change", args=[participant.event_id]
        ),
        "library change": reverse("admin:villages_villagelibrary_change", args=[library.pk]),
        "library history": reverse("admin:villages_villagelibrary_history", args=[library.pk]),
        "participant autocomplete": reverse("admin:autocomplete")
        + "?app_label=trainings&model_name=attendance&field_name=participant&term=",
    }
    pages = {}
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == 200, name
        pages[name] = response.content.decode()
    return pages


def test_without_the_contacts_permission_no_admin_page_shows_phones_or_emails(
    world, edited, client
):
    client.force_login(_coordinator("tanpa-kontak", [HEALTH_DATA]))
    pages = _pages(client, world, edited)
    for name, html in pages.items():
        for value in [
            OLD_PHONE,
            NEW_PHONE,
            OLD_EMAIL,
            NEW_EMAIL,
            world.a1.library.phone,
            world.a1.library.email,
        ]:
            assert value not in html, f"{value} on {name}"
    # Still told that something is there, and that the change happened.
    assert "••••" in pages["participant change"]
    assert 'name="phone"' not in pages["participant change"]


def test_with_the_contacts_permission_history_shows_old_and_new_values(world, edited, client):
    client.force_login(_coordinator("dengan-kontak", [HEALTH_DATA, CONTACT_DATA]))
    pages = _pages(client, world, edited)
    history = pages["participant history"]
    assert OLD_PHONE in history and NEW_PHONE in history and NEW_EMAIL in history
    assert (
        'name="phone"' in pages["participant change"] and NEW_PHONE in pages["participant change"]
    )


def test_a_user_without_contacts_cannot_set_a_phone_by_posting_it(world, db, client):
    participant = world.a1.participant
    client.force_login(_coordinator("tanpa-kontak", [HEALTH_DATA]))
    url = reverse("admin:trainings_participant_change", args=[participant.pk])
    data = {
        "event": participant.event_id,
        "full_name": "Nama Baru",
        "gender": "P",
        "role": "librarian",
        "library": participant.library_id,
        "phone": "+6280000000000",
        "email": "x@example.org",
        "attendance-TOTAL_FORMS": "0",
        "attendance-INITIAL_FORMS": "0",
        "screenings-TOTAL_FORMS": "0",
        "screenings-INITIAL_FORMS": "0",
    }
    assert client.post(url, data).status_code == 302
    participant.refresh_from_db()
    assert participant.full_name == "Nama Baru"
    assert participant.phone == OLD_PHONE and participant.email == OLD_EMAIL


def test_without_the_health_permission_screenings_are_invisible(world, db, client):
    client.force_login(_coordinator("tanpa-kesehatan", [CONTACT_DATA]))
    screening = world.a1.screening
    for url in [
        reverse("admin:trainings_healthscreening_changelist"),
        reverse("admin:trainings_healthscreening_change", args=[screening.pk]),
        reverse("admin:trainings_healthscreening_history", args=[screening.pk]),
        reverse(
            "admin:trainings_healthscreening_simple_history",
            args=[screening.pk, screening.history.first().pk],
        ),
    ]:
        assert client.get(url).status_code in {403, 404}, url
    page = client.get(reverse("admin:trainings_participant_change", args=[world.a1.participant.pk]))
    assert page.status_code == 200
    assert "screenings-TOTAL_FORMS" not in page.content.decode()
    index = client.get(reverse("admin:index")).content.decode()
    assert "/healthscreening/" not in index


def test_with_the_health_permission_screenings_show_in_scope(world, db, client):
    client.force_login(_coordinator("dengan-kesehatan", [HEALTH_DATA]))
    page = client.get(reverse("admin:trainings_participant_change", args=[world.a1.participant.pk]))
    assert "screenings-TOTAL_FORMS" in page.content.decode()
    listing = client.get(reverse("admin:trainings_healthscreening_changelist")).content.decode()
    assert (
        reverse("admin:trainings_healthscreening_change", args=[world.a1.screening.pk]) in listing
    )
    assert (
        reverse("admin:trainings_healthscreening_change", args=[world.b1.screening.pk])
        not in listing
    )


def test_searching_by_a_phone_number_finds_nothing_without_the_contacts_permission(
    world, db, client, monkeypatch
):
    from django.contrib import admin

    from trainings.models import Participant

    participant_admin = admin.site._registry[Participant]
    monkeypatch.setattr(participant_admin, "search_fields", ["full_name", "phone"])
    url = reverse("admin:trainings_participant_changelist")
    change_url = reverse("admin:trainings_participant_change", args=[world.a1.participant.pk])

    client.force_login(_coordinator("tanpa-kontak", [HEALTH_DATA]))
    assert change_url not in client.get(url, {"q": OLD_PHONE}).content.decode()
    client.force_login(_coordinator("dengan-kontak", [HEALTH_DATA, CONTACT_DATA]))
    assert change_url in client.get(url, {"q": OLD_PHONE}).content.decode()


@pytest.mark.parametrize(
    ("url_name", "lookup", "value"),
    [
        ("admin:trainings_participant_changelist", "phone", OLD_PHONE),
        ("admin:trainings_participant_changelist", "phone__startswith", OLD_PHONE[:8]),
        ("admin:trainings_participant_changelist", "email__contains", "peserta"),
        ("admin:villages_villagelibrary_changelist", "email__icontains", "example"),
    ],
)
def test_contact_fields_cannot_be_probed_through_changelist_filters(
    client, world, db, url_name, lookup, value
):
    """`?phone=+62…` would confirm a number even though the column is hidden."""
    client.force_login(_coordinator("no-contacts", []))
    response = client.get(reverse(url_name), {lookup: value})
    assert response.status_code == 400
    assert OLD_PHONE not in response.content.decode()

    client.force_login(_coordinator("with-contacts", [CONTACT_DATA]))
    assert client.get(reverse(url_name), {lookup: value}).status_code == 200
