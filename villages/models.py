"""The official region hierarchy (Kemendagri codes) and the village libraries in it.

Regions use their official code as primary key: codes nest (`51` > `51.03` > `51.03.02` >
`51.03.02.2009`), so loading, importing and URLs never depend on database ids.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import TimeStampedModel

from .scoping import (
    DistrictQuerySet,
    ProvinceQuerySet,
    RegencyQuerySet,
    VillageLibraryQuerySet,
    VillageQuerySet,
)

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
        # Names repeat (18 villages called Kediri): where the regions are already loaded (the
        # admin's autocomplete joins them), say where the village lies; never query for it.
        loaded = self._state.fields_cache
        if {"district", "regency", "province"} <= loaded.keys():
            return (
                f"{self.name} — {self.district.name}, {self.regency.name}, "
                f"{self.province.name} ({self.code})"
            )
        return f"{self.name} ({self.code})"

    def save(self, *args, **kwargs) -> None:
        self.derive_regions()
        super().save(*args, **kwargs)

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


#: The national library number (Nomor Pokok Perpustakaan), as data.perpusnas.go.id issues it:
#: the area code (province, regency, district: 6 digits, as in Kemendagri codes) and one more
#: digit, a letter for the kind of library, then a 7-digit serial, e.g. 6372052C0000001.
#: Published examples all have this shape; the exact meaning of the 7th digit is not documented.
NPP_FORMAT = RegexValidator(
    r"^\d{7}[A-Z]\d{7}$",
    _("An NPP has 15 characters: 7 digits of the area code, a letter, 7 digits (6372052C0000001)."),
)


class VillageLibrary(TimeStampedModel):
    """A public library on one of three levels: a province's, a regency's or city's, or a
    village's (perpustakaan desa/kelurahan). The model keeps its historical name.

    Each library is placed on the official region it serves: a village library on its village,
    a regency library on its regency, a province library on its province. `province`,
    `regency` and `region_code` are derived from that region on save (like `Village` stores
    its regency and province), so scoping and lists filter by region without joins and treat
    the three levels alike.
    """

    class Level(models.TextChoices):
        PROVINCE = "province", _("province library")
        REGENCY = "regency", _("regency/city library")
        VILLAGE = "village", _("village/kelurahan library")

    level = models.CharField(
        _("level"), max_length=10, choices=Level.choices, default=Level.VILLAGE, db_index=True
    )
    village = models.ForeignKey(
        Village,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="libraries",
        verbose_name=_("village"),
        help_text=_("For a village/kelurahan library: the village it serves."),
    )
    regency = models.ForeignKey(
        Regency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="region_libraries",
        verbose_name=_("regency/city"),
        help_text=_("For a regency/city library: the regency it serves (set from the village)."),
    )
    province = models.ForeignKey(
        Province,
        on_delete=models.PROTECT,
        blank=True,  # derived from the village or regency; the form needs it only for the level
        related_name="region_libraries",
        verbose_name=_("province"),
        help_text=_("Set from the village or the regency; chosen only for a province library."),
    )
    region_code = models.CharField(
        _("region code"),
        max_length=13,
        db_index=True,
        default="",
        editable=False,
        help_text=_("The official code of the region the library serves."),
    )
    npp = models.CharField(
        _("NPP"),
        max_length=15,
        blank=True,
        validators=[NPP_FORMAT],
        help_text=_("Nomor Pokok Perpustakaan, the national library number, where known."),
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    manager_name = models.CharField(_("manager"), max_length=150, blank=True)
    # The library's own contact; treated as personal data (often the manager's own phone).
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    founded_year = models.PositiveSmallIntegerField(
        _("founding year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    collection_size = models.PositiveIntegerField(
        _("collection size"), null=True, blank=True, help_text=_("Number of books and items.")
    )
    opening_hours = models.CharField(_("opening hours"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    is_active = models.BooleanField(_("active"), default=True)

    objects = VillageLibraryQuerySet.as_manager()
    history = HistoricalRecords(verbose_name=_("historical library"))

    class Meta:
        verbose_name = _("library")
        verbose_name_plural = _("libraries")
        ordering = ["region_code", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["village"], name="villages_villagelibrary_one_per_village"
            ),
            models.UniqueConstraint(
                fields=["regency"],
                condition=models.Q(level="regency"),
                name="villages_villagelibrary_one_per_regency",
                violation_error_message=_("This regency/city already has its library."),
            ),
            models.UniqueConstraint(
                fields=["province"],
                condition=models.Q(level="province"),
                name="villages_villagelibrary_one_per_province",
                violation_error_message=_("This province already has its library."),
            ),
            models.UniqueConstraint(
                fields=["npp"],
                condition=~models.Q(npp=""),
                name="villages_villagelibrary_npp_unique",
                violation_error_message=_("Another library has this NPP."),
            ),
            models.CheckConstraint(
                condition=models.Q(level="village", village__isnull=False, regency__isnull=False)
                | models.Q(level="regency", village__isnull=True, regency__isnull=False)
                | models.Q(level="province", village__isnull=True, regency__isnull=True),
                name="villages_villagelibrary_region_matches_level",
                violation_error_message=_(
                    "A village library has its village; a regency/city library its regency "
                    "(and no village); a province library only its province."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True, longitude__isnull=True)
                | models.Q(
                    latitude__isnull=False,
                    longitude__isnull=False,
                    latitude__gte=-11.5,
                    latitude__lte=6.5,
                    longitude__gte=94.5,
                    longitude__lte=141.5,
                ),
                name="villages_villagelibrary_coordinates_in_indonesia",
                violation_error_message=_(
                    "Give both coordinates, inside Indonesia (latitude −11.5…6.5, "
                    "longitude 94.5…141.5), or neither."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(founded_year__isnull=True)
                | models.Q(founded_year__gte=1900, founded_year__lte=2100),
                name="villages_villagelibrary_founded_year_plausible",
            ),
        ]

    def __str__(self) -> str:
        # As for villages: where the admin's autocomplete has joined the regions, say where.
        loaded = self._state.fields_cache
        if "province" in loaded and "regency" in loaded and self.province is not None:
            where = ", ".join(r.name for r in (self.regency, self.province) if r is not None)
            return f"{self.name} — {where}"
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("villages:library-detail", kwargs={"slug": self.slug})

    def save(self, *args, **kwargs) -> None:
        self.derive_regions()
        super().save(*args, **kwargs)

    def derive_regions(self) -> None:
        """Set `regency`, `province` and `region_code` from the region the library serves:
        official codes nest, so they are never typed apart (and never disagree)."""
        if self.level == self.Level.VILLAGE and self.village_id:
            self.regency_id = self.village_id[:5]
            self.province_id = self.village_id[:2]
            self.region_code = self.village_id
        elif self.level == self.Level.REGENCY and self.regency_id:
            self.village_id = None
            self.province_id = self.regency_id[:2]
            self.region_code = self.regency_id
        elif self.level == self.Level.PROVINCE and self.province_id:
            self.village_id = self.regency_id = None
            self.region_code = self.province_id

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.level == self.Level.VILLAGE and not self.village_id:
            raise ValidationError({"village": _("Choose the village this library serves.")})
        if self.level == self.Level.REGENCY and not self.regency_id:
            raise ValidationError({"regency": _("Choose the regency/city this library serves.")})
        if self.level == self.Level.PROVINCE and not self.province_id:
            raise ValidationError({"province": _("Choose the province this library serves.")})
        self.derive_regions()
        # "Built from the area code": a number of another province or regency is a typing slip.
        area = self.npp[:4]
        if self.npp and self.province_id and not area.startswith(self.province_id):
            raise ValidationError(
                {"npp": _("The NPP starts with the area code: this one is not of the province.")}
            )
        if self.npp and self.regency_id and area != self.regency_id.replace(".", ""):
            raise ValidationError(
                {"npp": _("The NPP starts with the area code: this one is not of the regency.")}
            )

    def clean_fields(self, exclude=None) -> None:
        # The province is derived, so a form that only names the village or the regency is valid.
        self.derive_regions()
        super().clean_fields(exclude=exclude)

    @property
    def region(self) -> "Village | Regency | Province | None":
        """The region the library serves (joins already loaded by the caller's select_related)."""
        if self.level == self.Level.VILLAGE:
            return self.village
        if self.level == self.Level.REGENCY:
            return self.regency
        return self.province


class UserScope(models.Model):
    """Where a staff user works: nationally, in one province, or in one regency.

    No row means no scope: the user sees no scoped record (see `villages.scoping`). The two
    permissions below are granted through groups (see `portal.roles`).
    """

    class Level(models.TextChoices):
        NATIONAL = "national", _("national")
        PROVINCE = "province", _("province")
        REGENCY = "regency", _("regency/city")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="region_scope",
        verbose_name=_("user"),
    )
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    province = models.ForeignKey(
        Province,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("province"),
    )
    regency = models.ForeignKey(
        Regency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("regency/city"),
    )

    class Meta:
        verbose_name = _("regional scope")
        verbose_name_plural = _("regional scopes")
        ordering = ["user__username"]
        permissions = [
            ("view_contact_data", _("Can see personal contact data (phone, e-mail)")),
            ("view_health_data", _("Can see health data (antigen test results)")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(level="national", province__isnull=True, regency__isnull=True)
                | models.Q(level="province", province__isnull=False, regency__isnull=True)
                | models.Q(level="regency", province__isnull=False, regency__isnull=False),
                name="villages_userscope_region_matches_level",
                violation_error_message=_(
                    "A national scope has no region; a province scope has a province; a "
                    "regency scope has its regency (and that regency's province)."
                ),
            )
        ]

    def __str__(self) -> str:
        if self.level == self.Level.REGENCY:
            return f"{self.get_level_display()}: {self.regency_id}"
        if self.level == self.Level.PROVINCE:
            return f"{self.get_level_display()}: {self.province_id}"
        return str(self.get_level_display())

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        # The province of a regency scope is the regency's own, never typed separately.
        if self.level == self.Level.REGENCY and self.regency_id:
            self.province_id = self.regency_id[:2]
        if self.level == self.Level.NATIONAL:
            self.province_id = self.regency_id = None
        if self.level == self.Level.PROVINCE:
            self.regency_id = None
            if not self.province_id:
                raise ValidationError({"province": _("Choose the province.")})
        if self.level == self.Level.REGENCY and not self.regency_id:
            raise ValidationError({"regency": _("Choose the regency/city.")})
