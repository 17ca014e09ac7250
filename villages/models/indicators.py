"""`LiteracyIndex`: the literacy development index (IPLM) of a regency or province in a year.

IPLM (Indeks Pembangunan Literasi Masyarakat) is the program's national outcome indicator,
published by Perpusnas per regency/city and province and year with a category ("5201 Kabupaten
Lombok Barat 43.60 Rendah 2024"). Values are public figures: no scope, no personal data. Loaded
with `manage.py import_indicators` or the admin's import page (villages.indicator_import).
"""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel

from .regions import Province, Regency


class LiteracyIndexQuerySet(models.QuerySet):
    def of_province_level(self) -> "LiteracyIndexQuerySet":
        return self.filter(regency__isnull=True)

    def of_regencies(self) -> "LiteracyIndexQuerySet":
        return self.filter(regency__isnull=False)


class LiteracyIndex(TimeStampedModel):
    """One published IPLM value. A regency's row also names its province (for the province
    page's list of regencies, without a join); a province's row has no regency."""

    class Category(models.TextChoices):
        # As Perpusnas publishes them (Sangat Rendah … Sangat Tinggi).
        VERY_LOW = "very_low", _("very low")
        LOW = "low", _("low")
        MEDIUM = "medium", _("medium")
        HIGH = "high", _("high")
        VERY_HIGH = "very_high", _("very high")

    province = models.ForeignKey(
        Province,
        on_delete=models.PROTECT,
        related_name="literacy_indices",
        verbose_name=_("province"),
    )
    regency = models.ForeignKey(
        Regency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="literacy_indices",
        verbose_name=_("regency/city"),
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    value = models.DecimalField(
        _("value"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    category = models.CharField(_("category"), max_length=10, choices=Category.choices)
    source = models.CharField(_("source"), max_length=300, blank=True)
    is_sample = models.BooleanField(
        _("sample data"),
        default=False,
        help_text=_("Made up for the demo, not a published figure."),
    )

    objects = LiteracyIndexQuerySet.as_manager()

    class Meta:
        verbose_name = _("literacy development index (IPLM)")
        verbose_name_plural = _("literacy development indices (IPLM)")
        ordering = ["-year", "province_id", "regency_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["regency", "year"],
                condition=models.Q(regency__isnull=False),
                name="villages_literacyindex_one_per_regency_year",
                violation_error_message=_("This regency/city already has a value for that year."),
            ),
            models.UniqueConstraint(
                fields=["province", "year"],
                condition=models.Q(regency__isnull=True),
                name="villages_literacyindex_one_per_province_year",
                violation_error_message=_("This province already has a value for that year."),
            ),
            models.CheckConstraint(
                condition=models.Q(value__gte=0, value__lte=100),
                name="villages_literacyindex_value_0_to_100",
                violation_error_message=_("An IPLM value lies between 0 and 100."),
            ),
        ]

    def __str__(self) -> str:
        region = self.regency_id or self.province_id
        return f"IPLM {region} {self.year}: {self.value}"

    @property
    def region_code(self) -> str:
        return self.regency_id or self.province_id
