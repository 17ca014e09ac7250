import pytest

from tests.jobs import kinds  # noqa: F401  (registers the test kinds)


@pytest.fixture
def make_staff(django_user_model):
    def make(username, **extra):
        return django_user_model.objects.create_user(username, password="x", is_staff=True, **extra)

    return make
