"""Aid deliveries (BAST) to beneficiaries and the items delivered."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.documents import documents_storage, validate_document
from core.models import TimeStampedModel
from villages.scoping import ScopedQuerySet

from .beneficiaries import Beneficiary
from .cycles import AidItemKind
from .uploads import _bast_upload_to


class DeliveryQuerySet(ScopedQuerySet):
    province_path = "beneficiary__library__province"
    regency_path = "beneficiary__library__regency"


class DeliveryItemQuerySet(ScopedQuerySet):
    province_path = "delivery__beneficiary__library__province"
    regency_path = "delivery__beneficiary__library__regency"


class Delivery(TimeStampedModel):
    """One handover of aid to a beneficiary, signed as a BAST (berita acara serah terima)."""

    beneficiary = models.ForeignKey(
        Beneficiary,
        on_delete=models.PROTECT,
        related_name="deliveries",
        verbose_name=_("beneficiary"),
    )
    bast_number = models.CharField(_("BAST number"), max_length=100)
    delivered_on = models.DateField(_("handover date"))
    bast_file = models.FileField(
        _("signed BAST"),
        storage=documents_storage,
        upload_to=_bast_upload_to,
        validators=[validate_document],
        blank=True,
        max_length=200,
    )
    notes = models.TextField(_("notes"), blank=True)
    is_sample = models.BooleanField(
        _("sample data"), default=False, help_text=_("Invented for the demo, not from a source.")
    )

    objects = DeliveryQuerySet.as_manager()
    history = HistoricalRecords(verbose_name=_("historical delivery"))

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["-delivered_on", "bast_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["beneficiary", "bast_number"],
                name="programs_delivery_bast_unique_per_beneficiary",
            )
        ]

    def __str__(self) -> str:
        return f"BAST {self.bast_number} ({self.delivered_on:%d-%m-%Y})"


class DeliveryItem(models.Model):
    class Condition(models.TextChoices):
        GOOD = "good", _("good")
        DAMAGED = "damaged", _("damaged")
        INCOMPLETE = "incomplete", _("incomplete")

    delivery = models.ForeignKey(
        Delivery, on_delete=models.CASCADE, related_name="items", verbose_name=_("delivery")
    )
    kind = models.CharField(_("item"), max_length=15, choices=AidItemKind.choices)
    description = models.CharField(_("description"), max_length=200, blank=True)
    # Empty when the handover did not count it ("books"): such a line never settles the package.
    quantity = models.PositiveIntegerField(_("quantity arrived"), null=True, blank=True)
    condition = models.CharField(
        _("condition"), max_length=10, choices=Condition.choices, default=Condition.GOOD
    )

    objects = DeliveryItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("delivered item")
        verbose_name_plural = _("delivered items")
        ordering = ["delivery", "kind"]

    def __str__(self) -> str:
        if self.quantity is None:
            return str(self.get_kind_display())
        return f"{self.quantity} × {self.get_kind_display()}"
