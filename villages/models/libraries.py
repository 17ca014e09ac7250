"""Village libraries, each with its national library number (NPP) and its region."""

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.localized import ENGLISH_HELP
from core.models import TimeStampedModel
from villages.scoping import VillageLibraryQuerySet

from .regions import Province, Regency, Village

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
    description_en = models.TextField(
        _("description (English)"), blank=True, help_text=ENGLISH_HELP
    )
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
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("villages:library-detail", kwargs={"slug": self.slug})

    def autocomplete_label(self) -> str:
        """The library and where it lies, for the admin's autocomplete (which joins the
        regions, so this costs no query there)."""
        where = ", ".join(r.name for r in (self.regency, self.province) if r is not None)
        return f"{self.name} — {where}" if where else self.name

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
