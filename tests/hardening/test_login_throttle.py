"""Finding 4: one address cannot try password after password on many usernames.

django-axes locks a username on an address after DJANGO_AXES_FAILURE_LIMIT failures; the portal
also locks an address after DJANGO_AXES_ADDRESS_FAILURE_LIMIT failures whatever the usernames
(core/login_throttle.py), with a message that says so.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

ADDRESS = "203.0.113.7"


@pytest.fixture
def coordinator(db, django_user_model):
    return django_user_model.objects.create_user(
        "koordinator", password="Benar-Sekali-2024", is_staff=True
    )


def test_password_spraying_from_one_address_is_stopped(coordinator, client, capsys):
    url = reverse("admin:login")
    usernames = [f"pengguna{i:02d}" for i in range(59)] + ["koordinator"]
    statuses = []
    for attempt in range(300):
        response = client.post(
            url,
            {"username": usernames[attempt % 60], "password": f"tebakan-{attempt}"},
            REMOTE_ADDR=ADDRESS,
        )
        statuses.append(response.status_code)
    first_refused = statuses.index(429) + 1
    refused = statuses.count(429)
    with capsys.disabled():
        print(
            f"\n300 failed logins against 60 usernames from one address: refused from attempt "
            f"{first_refused} on ({refused} refused, {300 - refused} reached the password check)"
        )
    assert first_refused == settings.LIBPORTAL_ADDRESS_FAILURE_LIMIT
    assert set(statuses[first_refused - 1 :]) == {429}
    # Even the right password of a real account is refused from that address meanwhile, with
    # a message that names the address's limit, in the admin's language.
    locked = client.post(
        url, {"username": "koordinator", "password": "Benar-Sekali-2024"}, REMOTE_ADDR=ADDRESS
    )
    assert locked.status_code == 429
    with translation.override(settings.LANGUAGE_CODE):
        html = locked.content.decode()
        assert translation.gettext("Too many failed logins") in html
        assert "alamat jaringan" in html  # "your network address"
    assert "_auth_user_id" not in client.session
    # Elsewhere the coordinator logs in as usual.
    elsewhere = client.post(
        url, {"username": "koordinator", "password": "Benar-Sekali-2024"}, REMOTE_ADDR="10.9.9.9"
    )
    assert elsewhere.status_code == 302


def test_an_office_below_the_address_limit_is_not_locked(coordinator, client):
    url = reverse("admin:login")
    # Colleagues behind one address mistype, a few times each (below both limits).
    for i in range(settings.LIBPORTAL_ADDRESS_FAILURE_LIMIT - 1):
        client.post(
            url,
            {"username": f"rekan{i % 6}", "password": "salah"},
            REMOTE_ADDR=ADDRESS,
        )
    response = client.post(
        url, {"username": "koordinator", "password": "Benar-Sekali-2024"}, REMOTE_ADDR=ADDRESS
    )
    assert response.status_code == 302


def test_the_account_limit_still_locks_one_username_first(coordinator, client):
    url = reverse("admin:login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(url, {"username": "koordinator", "password": "salah"}, REMOTE_ADDR=ADDRESS)
    locked = client.post(
        url, {"username": "koordinator", "password": "Benar-Sekali-2024"}, REMOTE_ADDR=ADDRESS
    )
    assert locked.status_code == 429
    assert "alamat jaringan" not in locked.content.decode()  # the account's message
    # Another account from the same address is not locked by it.
    other = client.post(url, {"username": "lain", "password": "salah"}, REMOTE_ADDR=ADDRESS)
    assert other.status_code == 200
