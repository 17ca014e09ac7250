"""Outgoing mail from the environment: one URL or the EMAIL_* variables; nothing set, the
console backend (a laptop never mails anyone by accident)."""

import pytest

from core.mailconfig import CONSOLE, SMTP, email_settings


def test_nothing_set_prints_mails_on_the_console():
    assert email_settings({})["EMAIL_BACKEND"] == CONSOLE


def test_a_url_gives_the_smtp_server_with_tls_and_quoted_password():
    found = email_settings(
        {"DJANGO_EMAIL_URL": "smtp://portal:p%40ss@mail.example.go.id:587?tls=1"}
    )
    assert found["EMAIL_BACKEND"] == SMTP
    assert (found["EMAIL_HOST"], found["EMAIL_PORT"]) == ("mail.example.go.id", 587)
    assert (found["EMAIL_HOST_USER"], found["EMAIL_HOST_PASSWORD"]) == ("portal", "p@ss")
    assert found["EMAIL_USE_TLS"] and not found["EMAIL_USE_SSL"]
    assert email_settings({"DJANGO_EMAIL_URL": "smtps://mail.x"})["EMAIL_PORT"] == 465


def test_separate_variables_work_too():
    found = email_settings({"EMAIL_HOST": "mail.x", "EMAIL_PORT": "2525", "EMAIL_USE_TLS": "true"})
    assert (found["EMAIL_BACKEND"], found["EMAIL_PORT"], found["EMAIL_USE_TLS"]) == (
        SMTP,
        2525,
        True,
    )


def test_an_unknown_scheme_is_refused_by_name():
    with pytest.raises(ValueError, match="ftp"):
        email_settings({"DJANGO_EMAIL_URL": "ftp://mail.x"})
