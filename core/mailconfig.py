"""E-mail settings from the environment: one URL (DJANGO_EMAIL_URL) or the separate EMAIL_*
variables, the console backend when neither is set (a laptop sends no mail by accident).

Read by the settings module, so it imports nothing of Django's configured state."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

SMTP = "django.core.mail.backends.smtp.EmailBackend"
CONSOLE = "django.core.mail.backends.console.EmailBackend"
_TRUE = {"1", "true", "yes", "on"}


def _from_url(url: str) -> dict[str, Any]:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "console":
        return {"EMAIL_BACKEND": CONSOLE}
    if scheme not in {"smtp", "smtps", "submission"}:
        raise ValueError(f"DJANGO_EMAIL_URL: unknown scheme {parts.scheme!r} (smtp, console)")
    query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    ssl = scheme == "smtps" or query.get("ssl", "").lower() in _TRUE
    tls = scheme == "submission" or query.get("tls", "").lower() in _TRUE
    return {
        "EMAIL_BACKEND": SMTP,
        "EMAIL_HOST": parts.hostname or "localhost",
        "EMAIL_PORT": parts.port or (465 if ssl else 587 if tls else 25),
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": tls,
        "EMAIL_USE_SSL": ssl,
    }


def email_settings(environ: Mapping[str, str]) -> dict[str, Any]:
    """The EMAIL_* settings for this environment."""
    found: dict[str, Any]
    if environ.get("DJANGO_EMAIL_URL"):
        found = _from_url(environ["DJANGO_EMAIL_URL"])
    elif environ.get("EMAIL_HOST"):
        found = {
            "EMAIL_BACKEND": SMTP,
            "EMAIL_HOST": environ["EMAIL_HOST"],
            "EMAIL_PORT": int(environ.get("EMAIL_PORT", "25")),
            "EMAIL_HOST_USER": environ.get("EMAIL_HOST_USER", ""),
            "EMAIL_HOST_PASSWORD": environ.get("EMAIL_HOST_PASSWORD", ""),
            "EMAIL_USE_TLS": environ.get("EMAIL_USE_TLS", "").lower() in _TRUE,
        }
    else:
        found = {"EMAIL_BACKEND": CONSOLE}
    found["DEFAULT_FROM_EMAIL"] = environ.get("DJANGO_DEFAULT_FROM_EMAIL", "libportal@localhost")
    found["EMAIL_TIMEOUT"] = int(environ.get("EMAIL_TIMEOUT", "30"))
    return found
