"""Programs, their yearly cycles, province quotas, selection decrees and aid packages."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.documents import documents_storage, validate_document
from core.localized import ENGLISH_HELP
from core.models import TimeStampedModel
from villages.models import Province
from villages.scoping import Scope, ScopedQuerySet

from .institutions import Institution
from .uploads import _decree_upload_to


class ProvinceQuotaQuerySet(ScopedQuerySet):
    province_path = "province"

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        return Q(province=scope.province_code)


class Program(TimeStampedModel):
    name = models.CharField(_("name"), max_length=200, unique=True)
    code = models.SlugField(_("code"), max_length=20, unique=True, help_text=_("e.g. TPBIS"))
    institution = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        related_name="programs",
        verbose_name=_("managing institution"),
    )
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(
        _("description (English)"), blank=True, help_text=ENGLISH_HELP
    )

    class Meta:
        verbose_name = _("program")
        verbose_name_plural = _("programs")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ProgramCycle(TimeStampedModel):
    """One budget year of a program, with its targets."""

    program = models.ForeignKey(
        Program, on_delete=models.PROTECT, related_name="cycles", verbose_name=_("program")
    )
    year = models.PositiveSmallIntegerField(
        _("budget year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    target_provinces = models.PositiveSmallIntegerField(_("target provinces"), default=0)
    target_libraries = models.PositiveIntegerField(_("target libraries"), default=0)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("program cycle")
        verbose_name_plural = _("program cycles")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "year"], name="programs_programcycle_one_per_year"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100),
                name="programs_programcycle_year_plausible",
            ),
            models.CheckConstraint(
                condition=Q(target_provinces__lte=38),
                name="programs_programcycle_target_provinces_at_most_38",
                violation_error_message=_("Indonesia has 38 provinces."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program.code.upper()} {self.year}"


class ProvinceQuota(models.Model):
    """How many libraries a cycle means to select in one province (its target there)."""

    cycle = models.ForeignKey(
        ProgramCycle, on_delete=models.CASCADE, related_name="quotas", verbose_name=_("cycle")
    )
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="+", verbose_name=_("province")
    )
    target_libraries = models.PositiveIntegerField(_("target libraries"))

    objects = ProvinceQuotaQuerySet.as_manager()

    class Meta:
        verbose_name = _("province quota")
        verbose_name_plural = _("province quotas")
        ordering = ["cycle", "province"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "province"], name="programs_provincequota_one_per_province"
            )
        ]

    def __str__(self) -> str:
        return f"{self.cycle} — {self.province_id}: {self.target_libraries}"


class SelectionDecree(TimeStampedModel):
    """A decree of the Head of Perpusnas naming a cycle's beneficiaries (SK penetapan), e.g.
    "B.491/14/PPM00.00/1.2024" of 24 January 2024. The file is private."""

    cycle = models.ForeignKey(
        ProgramCycle, on_delete=models.PROTECT, related_name="decrees", verbose_name=_("cycle")
    )
    number = models.CharField(_("decree number"), max_length=100, unique=True)
    date = models.DateField(_("decree date"))
    title = models.CharField(_("title"), max_length=300, blank=True)
    file = models.FileField(
        _("decree file"),
        storage=documents_storage,
        upload_to=_decree_upload_to,
        validators=[validate_document],
        blank=True,
        max_length=200,
    )

    history = HistoricalRecords(verbose_name=_("historical selection decree"))

    class Meta:
        verbose_name = _("selection decree")
        verbose_name_plural = _("selection decrees")
        ordering = ["-date", "number"]

    def __str__(self) -> str:
        return f"{self.number} ({self.date:%d-%m-%Y})"


class AidPackage(TimeStampedModel):
    """A tier of aid a cycle gives (e.g. "full package", "books and shelves")."""

    cycle = models.ForeignKey(
        ProgramCycle, on_delete=models.PROTECT, related_name="packages", verbose_name=_("cycle")
    )
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("aid package")
        verbose_name_plural = _("aid packages")
        ordering = ["cycle", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "name"], name="programs_aidpackage_name_unique_per_cycle"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.cycle.year})"


class AidItemKind(models.TextChoices):
    SERVER = "server", _("server")
    COMPUTER = "computer", _("computer")
    PRINTER = "printer", _("printer")
    SMART_TV = "smart_tv", _("smart TV")
    MODEM = "modem", _("modem")
    BOOKS = "books", _("books")
    SHELVES = "shelves", _("shelves")
    INTERNET_DATA = "internet_data", _("internet data package")
    OTHER = "other", _("other")


class AidPackageItem(models.Model):
    package = models.ForeignKey(
        AidPackage, on_delete=models.CASCADE, related_name="items", verbose_name=_("package")
    )
    kind = models.CharField(_("item"), max_length=15, choices=AidItemKind.choices)
    description = models.CharField(_("description"), max_length=200, blank=True)
    quantity = models.PositiveIntegerField(_("quantity"))

    class Meta:
        verbose_name = _("package item")
        verbose_name_plural = _("package items")
        ordering = ["package", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["package", "kind"], name="programs_aidpackageitem_one_line_per_kind"
            ),
            models.CheckConstraint(
                condition=Q(quantity__gte=1), name="programs_aidpackageitem_quantity_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.get_kind_display()}"
