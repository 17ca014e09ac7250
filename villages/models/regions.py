"""The official region hierarchy (Kemendagri codes): provinces, regencies, districts, villages."""

from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from villages.scoping import DistrictQuerySet, ProvinceQuerySet, RegencyQuerySet, VillageQuerySet

PROVINCE_CODE = RegexValidator(r"^\d{2}$", _("A province code has two digits, e.g. 51."))
REGENCY_CODE = RegexValidator(r"^\d{2}\.\d{2}$", _("A regency code looks like 51.03."))
DISTRICT_CODE = RegexValidator(r"^\d{2}\.\d{2}\.\d{2}$", _("A district code looks like 51.03.02."))
VILLAGE_CODE = RegexValidator(
    r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$", _("A village code looks like 51.03.02.2009.")
)


class Province(models.Model):
    code = models.CharField(_("code"), max_length=2, primary_key=True, validators=[PROVINCE_CODE])
    name = models.CharField(_("name"), max_length=100)

    objects = ProvinceQuerySet.as_manager()

    class Meta:
        verbose_name = _("province")
        verbose_name_plural = _("provinces")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("villages:region-detail", kwargs={"code": self.code})


class Regency(models.Model):
    code = models.CharField(_("code"), max_length=5, primary_key=True, validators=[REGENCY_CODE])
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="regencies", verbose_name=_("province")
    )
    name = models.CharField(_("name"), max_length=100)

    objects = RegencyQuerySet.as_manager()

    class Meta:
        verbose_name = _("regency/city")
        verbose_name_plural = _("regencies/cities")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("villages:region-detail", kwargs={"code": self.code})


class District(models.Model):
    code = models.CharField(_("code"), max_length=8, primary_key=True, validators=[DISTRICT_CODE])
    regency = models.ForeignKey(
        Regency, on_delete=models.PROTECT, related_name="districts", verbose_name=_("regency/city")
    )
    name = models.CharField(_("name"), max_length=100)

    objects = DistrictQuerySet.as_manager()

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Village(models.Model):
    """A desa or kelurahan.

    `regency` and `province` repeat what the district already says: they are derived from the
    code when loading, and let lists filter and scope by region without three joins.
    """

    class Kind(models.TextChoices):
        DESA = "desa", _("desa (village)")
        KELURAHAN = "kelurahan", _("kelurahan (urban village)")

    code = models.CharField(_("code"), max_length=13, primary_key=True, validators=[VILLAGE_CODE])
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="villages", verbose_name=_("district")
    )
    regency = models.ForeignKey(
        Regency, on_delete=models.PROTECT, related_name="villages", verbose_name=_("regency/city")
    )
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="villages", verbose_name=_("province")
    )
    name = models.CharField(_("name"), max_length=100, db_index=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)

    objects = VillageQuerySet.as_manager()

    class Meta:
        verbose_name = _("village")
        verbose_name_plural = _("villages")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def save(self, *args, **kwargs) -> None:
        self.derive_regions()
        super().save(*args, **kwargs)

    def autocomplete_label(self) -> str:
        """Where the village lies, for the admin's autocomplete: names repeat (18 villages are
        called Kediri). The autocomplete joins the regions, so this costs no query there."""
        return (
            f"{self.name} — {self.district.name}, {self.regency.name}, "
            f"{self.province.name} ({self.code})"
        )

    def derive_regions(self) -> None:
        """Set the regency and province from the district: official codes nest
        (51.03.02 lies in 51.03, which lies in 51), so they are never typed apart."""
        if self.district_id:
            self.regency_id = self.district_id[:5]
            self.province_id = self.district_id[:2]

    @staticmethod
    def kind_for_code(code: str) -> str:
        """The official rule: a last part starting with 1 is a kelurahan, with 2 a desa."""
        return (
            Village.Kind.KELURAHAN if code.rsplit(".", 1)[-1].startswith("1") else Village.Kind.DESA
        )
