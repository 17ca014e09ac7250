"""The site's own records: API tokens (the REST API's per-user keys)."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

#: What every key starts with, so a leaked one is recognisable (secret scanners, logs).
KEY_PREFIX = "tpbis_"


def token_hash(key: str) -> str:
    """The stored form of a key: its SHA-256, hex. Keys are 32 random bytes, so a plain hash
    is enough (no salt or slow hash: nothing to guess from a dictionary)."""
    return hashlib.sha256(key.encode()).hexdigest()


def token_key_new() -> str:
    """A new secret key: the prefix and 32 random bytes, URL-safe."""
    return KEY_PREFIX + secrets.token_urlsafe(32)


class ApiTokenQuerySet(models.QuerySet):
    def usable(self) -> ApiTokenQuerySet:
        """Tokens that authenticate: not revoked, of an active staff user."""
        return self.filter(revoked__isnull=True, user__is_active=True, user__is_staff=True)


class ApiToken(models.Model):
    """A staff user's key for the REST API (`Authorization: Bearer <key>`).

    Only the SHA-256 of the key is stored: the admin shows the key once, when the token is
    created (`portal.api.services.api_token_create`), and never again. A revoked token stays
    as a record of who had access when. The token acts as its user: the same scope
    (`villages.scoping`) and the same contacts/health permissions.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("user"),
    )
    name = models.CharField(
        _("name"), max_length=100, help_text=_("What the token is for, e.g. “Bali dashboard”.")
    )
    key_hash = models.CharField(_("key hash (SHA-256)"), max_length=64, unique=True, editable=False)
    prefix = models.CharField(
        _("key prefix"),
        max_length=16,
        editable=False,
        help_text=_("The key's first characters, to tell tokens apart."),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    last_used = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked is None


# Scheduled exports (portal/scheduled_exports.py): defined in their own module, registered here.
from .scheduled_exports_models import ScheduledExport  # noqa: E402,F401
