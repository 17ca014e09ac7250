"""A list a staff user has e-mailed to them weekly or monthly (pretix's scheduled exports).

It stores the request only (list, columns, filters by code or slug, format); the rows are
computed when it is sent, within the owner's scope at that moment (portal/scheduled_exports.py),
so a coordinator moved to another regency receives that regency's list from then on."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ScheduledExport(models.Model):
    class Frequency(models.TextChoices):
        WEEKLY = "weekly", _("weekly")
        MONTHLY = "monthly", _("monthly")

    class ListKind(models.TextChoices):
        PARTICIPANTS = "participants", _("Participants")
        BENEFICIARIES = "beneficiaries", _("Beneficiaries")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("owner"),
    )
    name = models.CharField(_("name"), max_length=120)
    list_kind = models.CharField(_("list"), max_length=20, choices=ListKind.choices)
    columns = models.JSONField(_("columns"), default=list, blank=True)
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    format = models.CharField(_("format"), max_length=20, default="xlsx")
    frequency = models.CharField(
        _("frequency"), max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    next_run = models.DateTimeField(_("next sending"), db_index=True)
    last_sent_at = models.DateTimeField(_("last sent"), null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("scheduled export")
        verbose_name_plural = _("scheduled exports")
        ordering = ["owner", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "name"], name="portal_scheduledexport_unique_name"
            ),
        ]

    def __str__(self) -> str:
        return self.name
