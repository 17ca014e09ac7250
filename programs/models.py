"""The TPBIS program, its yearly cycles and beneficiaries, and the institutions behind it."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import TimeStampedModel
from villages.models import Province, Regency, VillageLibrary
from villages.scoping import PROVINCE, Scope, ScopedQuerySet, prefix_q


class InstitutionQuerySet(ScopedQuerySet):
    """National institutions are everyone's (Perpusnas organises events everywhere); a regional
    office is seen by coordinators of its own region (and a province office by its regencies)."""

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        national = Q(level="national")
        if scope.level == PROVINCE:
            return national | Q(province=scope.code)
        return national | Q(level="province", province=scope.province_code) | Q(regency=scope.code)


class OfficialQuerySet(ScopedQuerySet):
    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        return prefix_q(InstitutionQuerySet.scope_q(scope), "institution")


class BeneficiaryQuerySet(ScopedQuerySet):
    province_path = "library__village__province"
    regency_path = "library__village__regency"


class Institution(TimeStampedModel):
    """Perpusnas, or a province's or regency's library office."""

    class Level(models.TextChoices):
        NATIONAL = "national", _("national")
        PROVINCE = "province", _("province")
        REGENCY = "regency", _("regency/city")

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    province = models.ForeignKey(
        Province,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="institutions",
        verbose_name=_("province"),
    )
    regency = models.ForeignKey(
        Regency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="institutions",
        verbose_name=_("regency/city"),
    )

    objects = InstitutionQuerySet.as_manager()

    class Meta:
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        ordering = ["level", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(level="national", province__isnull=True, regency__isnull=True)
                | Q(level="province", province__isnull=False, regency__isnull=True)
                | Q(level="regency", province__isnull=False, regency__isnull=False),
                name="programs_institution_region_matches_level",
                violation_error_message=_(
                    "A national institution has no region; a province office has a province; "
                    "a regency office has its province and regency."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.name


class Official(TimeStampedModel):
    """A named office holder, as the program's records cite them (opened by, closed by)."""

    name = models.CharField(_("name"), max_length=150)
    position = models.CharField(_("position"), max_length=250)
    institution = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        related_name="officials",
        verbose_name=_("institution"),
    )

    objects = OfficialQuerySet.as_manager()

    class Meta:
        verbose_name = _("official")
        verbose_name_plural = _("officials")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "position", "institution"], name="programs_official_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.position}"


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
    target_libraries = models.PositiveIntegerField(_("target village libraries"), default=0)
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


class Beneficiary(TimeStampedModel):
    """A village library selected in a cycle (penerima manfaat)."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        SELECTED = "selected", _("selected")
        ACTIVE = "active", _("active")
        COMPLETED = "completed", _("completed")
        WITHDRAWN = "withdrawn", _("withdrawn")

    cycle = models.ForeignKey(
        ProgramCycle,
        on_delete=models.PROTECT,
        related_name="beneficiaries",
        verbose_name=_("cycle"),
    )
    library = models.ForeignKey(
        VillageLibrary,
        on_delete=models.PROTECT,
        related_name="beneficiaries",
        verbose_name=_("village library"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SELECTED
    )
    selected_on = models.DateField(_("selection date"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    objects = BeneficiaryQuerySet.as_manager()
    history = HistoricalRecords(verbose_name=_("historical beneficiary"))

    class Meta:
        verbose_name = _("beneficiary")
        verbose_name_plural = _("beneficiaries")
        ordering = ["-cycle__year", "library__village__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "library"], name="programs_beneficiary_one_per_library_per_cycle"
            )
        ]

    def __str__(self) -> str:
        return f"{self.library} — {self.cycle}"

    def get_absolute_url(self) -> str:
        return reverse("villages:library-detail", kwargs={"slug": self.library.slug})
