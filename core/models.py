from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """Adds when a row was created and last modified."""

    created = models.DateTimeField(_("created"), auto_now_add=True)
    modified = models.DateTimeField(_("modified"), auto_now=True)

    class Meta:
        abstract = True


class AuditEvent(models.Model):
    """One bulk write (an admin action, an import, an export): who, when, what, which rows.

    Row-by-row history (each field's old and new value) is django-simple-history's; this record
    covers what it cannot see as one operation, and names every row touched (`AuditEventRow`),
    so each record's admin history page lists the bulk operations that touched it.
    Written only through `core.audit.audit_bulk`.
    """

    timestamp = models.DateTimeField(_("date/time"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    action = models.CharField(_("action"), max_length=50)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", verbose_name=_("record type")
    )
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    class Meta:
        verbose_name = _("bulk audit record")
        verbose_name_plural = _("bulk audit records")
        ordering = ["-timestamp", "-pk"]

    def __str__(self) -> str:
        return f"{self.action} · {self.content_type} · {self.row_count}"


class AuditEventRow(models.Model):
    """A row touched by a bulk operation (indexed, so a record's history finds it)."""

    event = models.ForeignKey(
        AuditEvent, on_delete=models.CASCADE, related_name="rows", verbose_name=_("audit record")
    )
    object_id = models.CharField(_("record id"), max_length=64)

    class Meta:
        verbose_name = _("audited row")
        verbose_name_plural = _("audited rows")
        ordering = ["pk"]
        indexes = [models.Index(fields=["object_id"], name="core_auditrow_object")]

    def __str__(self) -> str:
        return self.object_id


# Background jobs (core/jobs/): defined beside their services, registered with this app here.
from core.jobs.models import Job  # noqa: E402,F401
