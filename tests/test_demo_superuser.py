import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.test import override_settings

pytestmark = pytest.mark.django_db


@override_settings(DEBUG=False)
def test_demo_superuser_is_refused_without_debugging(django_user_model):
    with pytest.raises(CommandError):
        call_command("create_demo_superuser")
    assert not django_user_model.objects.filter(username="admin").exists()


@override_settings(DEBUG=True)
def test_demo_superuser_can_log_in_and_is_not_reset(django_user_model, rf, capsys):
    call_command("create_demo_superuser", url="http://127.0.0.1:8777")
    assert "http://127.0.0.1:8777/admin/" in capsys.readouterr().out
    user = django_user_model.objects.get(username="admin")
    assert user.is_superuser and user.check_password("libportal-demo")
    user.set_password("changed-by-the-developer-1")
    user.save()
    call_command("create_demo_superuser")
    user.refresh_from_db()
    assert user.check_password("changed-by-the-developer-1")
    assert authenticate(rf.get("/"), username="admin", password="changed-by-the-developer-1")
