"""Onboarding (issue 16): an invitation by e-mail whose link lets the new user choose a
password, "forgot password" on the login page that does not tell whether an address exists,
and a non-interactive set_password."""

import io
import re
import secrets

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Kopi-Bali-2026-pagi"


def _fresh_address() -> str:
    """A client address no other run has counted (the limit's window may be shared)."""
    return ".".join(["10"] + [str(secrets.randbelow(250) + 1) for _ in range(3)])


def _link(body: str) -> str:
    return re.search(r"https?://\S+/admin/reset/\S+/", body).group(0)


def _choose_password(client, link: str) -> None:
    path = re.sub(r"^https?://[^/]+", "", link)
    form = client.get(path, follow=True)
    assert form.status_code == 200
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )
    assert done.status_code == 200


def test_invite_user_mails_a_link_where_the_user_chooses_a_password_then_logs_in(client, db):
    user = get_user_model().objects.create_user("kadek", is_staff=True)  # as grant_scope makes
    out = io.StringIO()
    call_command(
        "invite_user", "kadek", "--email", "kadek@example.org", "--language", "en", stdout=out
    )
    assert "Invitation sent to kadek@example.org" in out.getvalue()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["kadek@example.org"]
    body = mail.outbox[0].body
    assert "kadek" in body and "None" not in body
    _choose_password(client, _link(body))
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    # The link works once.
    assert (
        "validlink" not in client.get(re.sub(r"^https?://[^/]+", "", _link(body))).content.decode()
    )


def test_invite_user_speaks_indonesian_by_default_and_refuses_a_user_without_address(db):
    get_user_model().objects.create_user("ketut", is_staff=True)
    with pytest.raises(CommandError) as error:
        call_command("invite_user", "ketut")
    assert "tidak punya alamat e-mail" in str(error.value)
    assert mail.outbox == []


def test_the_send_invitation_action_of_the_user_list(admin_client, db):
    user = get_user_model().objects.create_user("made", email="made@example.org", is_staff=True)
    response = admin_client.post(
        "/admin/auth/user/",
        {"action": "send_invitation", "_selected_action": [user.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert [m.to for m in mail.outbox] == [["made@example.org"]]
    assert "/admin/reset/" in mail.outbox[0].body


def test_forgot_password_is_on_the_login_page_and_answers_alike_for_unknown_addresses(client, db):
    address = _fresh_address()
    get_user_model().objects.create_user("wayan", email="wayan@example.org", password="x-Pass-123")
    login = client.get("/admin/login/").content.decode()
    assert 'href="/admin/password_reset/"' in login
    known = client.post(
        "/admin/password_reset/", {"email": "wayan@example.org"}, REMOTE_ADDR=address
    )
    unknown = client.post(
        "/admin/password_reset/", {"email": "nobody@example.org"}, REMOTE_ADDR=address
    )
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["wayan@example.org"]
    _choose_password(client, _link(mail.outbox[0].body))
    assert get_user_model().objects.get(username="wayan").check_password(NEW_PASSWORD)


def test_password_reset_is_rate_limited_per_address(client, db):
    address = _fresh_address()  # the window counts this test's requests only
    codes = [
        client.post(
            "/admin/password_reset/", {"email": f"x{i}@example.org"}, REMOTE_ADDR=address
        ).status_code
        for i in range(7)
    ]
    assert codes[:5] == [302] * 5 and codes[-1] == 429


def test_set_password_reads_a_file_or_stdin_and_checks_the_rules(tmp_path, db, monkeypatch):
    user = get_user_model().objects.create_user("putu")
    secret = tmp_path / "pw"
    secret.write_text(NEW_PASSWORD + "\n")
    call_command("set_password", "putu", "--password-file", str(secret), stdout=io.StringIO())
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    monkeypatch.setattr("sys.stdin", io.StringIO("123\n"))
    with pytest.raises(CommandError):
        call_command("set_password", "putu")  # too short, numeric: refused, unchanged
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
