"""Finding 10: a login whose `next` is refused (another site) lands on the admin index, and
pages that need a login send visitors to the admin's login page."""

from __future__ import annotations

import pytest
from django.urls import reverse


@pytest.fixture
def coordinator(db, django_user_model):
    return django_user_model.objects.create_user(
        "koordinator", password="Benar-Sekali-2024", is_staff=True
    )


@pytest.mark.parametrize(
    "next_url", ["https://jahat.example/", "//jahat.example/admin/", "javascript:alert(1)"]
)
def test_a_refused_next_lands_on_the_admin_index(coordinator, client, next_url):
    response = client.post(
        f"{reverse('admin:login')}?next={next_url}",
        {"username": "koordinator", "password": "Benar-Sekali-2024", "next": next_url},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")


def test_a_safe_next_is_kept(coordinator, client):
    target = reverse("admin:trainings_participant_changelist")
    response = client.post(
        reverse("admin:login"),
        {"username": "koordinator", "password": "Benar-Sekali-2024", "next": target},
    )
    assert response["Location"] == target


def test_login_required_pages_use_the_admin_login(settings):
    assert reverse(settings.LOGIN_URL) == reverse("admin:login")
    assert reverse(settings.LOGIN_REDIRECT_URL) == reverse("admin:index")
