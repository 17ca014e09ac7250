"""Certificates of participation, verifiable by anyone at /sertifikat/<code>/.

The verification code is the only thing printed on the certificate that leads back to the
record: random (120 bits, base32), never derived from an id, so that codes cannot be guessed or
enumerated. A revoked certificate keeps its row (the public page says "revoked").
"""

import base64
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import TimeStampedModel
from villages.scoping import ScopedQuerySet

from .events import TrainingEvent
from .participants import Participant

#: Random bytes per verification code: 15 bytes = 120 bits = 24 base32 characters.
CODE_BYTES = 15


def new_verification_code() -> str:
    """A fresh random code (base32, upper case, no padding): 120 bits from `secrets`."""
    return base64.b32encode(secrets.token_bytes(CODE_BYTES)).decode("ascii").rstrip("=")


def normalise_code(text: str) -> str:
    """A typed or scanned code as stored: upper case, spaces and dashes ignored."""
    return "".join(text.split()).replace("-", "").upper()[:64]


class CertificateQuerySet(ScopedQuerySet):
    """Certificates belong to their participant's library's region (as participants do)."""

    province_path = "participant__library__province"
    regency_path = "participant__library__regency"

    def valid(self) -> "CertificateQuerySet":
        return self.filter(revoked_at__isnull=True)

    def for_documents(self) -> "CertificateQuerySet":
        """With what a certificate prints (no contact or health data is loaded)."""
        return self.select_related(
            "event__signing_official__institution",
            "event__organiser",
            "participant__library__regency",
            "participant__library__village",
        ).order_by("sequence")


class Certificate(TimeStampedModel):
    """A participant's certificate of an event: a number of the event's series and a code."""

    event = models.ForeignKey(
        TrainingEvent,
        on_delete=models.CASCADE,
        related_name="certificates",
        verbose_name=_("event"),
    )
    participant = models.ForeignKey(
        Participant,
        on_delete=models.CASCADE,
        related_name="certificates",
        verbose_name=_("participant"),
    )
    sequence = models.PositiveIntegerField(_("sequence number"))
    number = models.CharField(_("certificate number"), max_length=150)
    code = models.CharField(
        _("verification code"), max_length=64, unique=True, default=new_verification_code
    )
    issued_at = models.DateTimeField(_("issued at"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )
    revoked_reason = models.TextField(_("reason for revoking"), blank=True)

    objects = CertificateQuerySet.as_manager()
    history = HistoricalRecords(verbose_name=_("historical certificate"))

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["event", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "sequence"], name="trainings_certificate_one_number_per_event"
            ),
            # A revoked certificate may be followed by a new one, never two valid at once.
            models.UniqueConstraint(
                fields=["participant"],
                condition=Q(revoked_at__isnull=True),
                name="trainings_certificate_one_valid_per_participant",
            ),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | ~Q(revoked_reason=""),
                name="trainings_certificate_revoked_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("paperwork:certificate-verify", kwargs={"code": self.code})

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
