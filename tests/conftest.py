import pytest


@pytest.fixture
def demo(db):
    """The Bali 2021 Bimtek of the seed article (loads Bali's regions first)."""
    from trainings.demo import demo_seed

    return demo_seed()


@pytest.fixture
def superuser(db, django_user_model):
    return django_user_model.objects.create_superuser("root", "root@example.org", "x-Password-123")


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client
