import pytest

from tests.jobs import kinds  # noqa: F401  (registers the test kinds)


@pytest.fixture
def make_staff(django_user_model):
    def make(username, **extra):
        return django_user_model.objects.create_user(username, password="x", is_staff=True, **extra)

    return make


@pytest.fixture(autouse=True)
def job_files_in_tmp(tmp_path, settings, monkeypatch):
    """Jobs' files go to this test's directory (worker processes get it through the env)."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    monkeypatch.setenv("DJANGO_MEDIA_ROOT", settings.MEDIA_ROOT)
