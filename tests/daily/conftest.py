import pytest
from django.contrib.auth import get_user_model

from portal.services import user_access_grant

BADUNG = "51.03"


@pytest.fixture
def badung(demo):
    """A regency coordinator of Badung without the contacts or health permission."""
    user = get_user_model().objects.create_user(
        "badung", email="badung@example.org", password="x-Password-123"
    )
    user_access_grant(user=user, level="regency", code=BADUNG, contacts=False, health=False)
    return get_user_model().objects.get(pk=user.pk)


@pytest.fixture
def badung_client(client, badung):
    client.force_login(badung)
    return client
