"""The TPBIS program, its yearly cycles and beneficiaries, and the institutions behind it."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.documents import document_path, documents_storage, validate_document
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


#: What the public counts and lists: the decree has named them (replication is shown apart).
PUBLIC_STATUSES = ("selected", "active", "completed")


def public_beneficiary_q(prefix: str = "") -> Q:
    """The public rule as a condition, for counts over a relation (`prefix`, e.g.
    "beneficiaries" from a cycle): centrally funded, named by a decree. One spelling with
    `BeneficiaryQuerySet.public`."""
    return prefix_q(Q(status__in=PUBLIC_STATUSES, track="central"), prefix)


class BeneficiaryQuerySet(ScopedQuerySet):
    province_path = "library__province"
    regency_path = "library__regency"

    def public(self) -> "BeneficiaryQuerySet":
        """Centrally funded beneficiaries named by a decree (selected, active, completed): what
        public pages, counts and open data show. Proposed, verified and withdrawn rows are
        internal; replication libraries are counted apart (`replication()`)."""
        return self.filter(public_beneficiary_q())

    def replication(self) -> "BeneficiaryQuerySet":
        """Libraries replicating the model with local funds (not withdrawn), shown apart."""
        return self.filter(track=Beneficiary.Track.REPLICATION, status__in=PUBLIC_STATUSES)

    def aid_outstanding(self) -> "BeneficiaryQuerySet":
        """Beneficiaries with a package of which some item has not (fully) arrived yet: for
        each package line, the quantities delivered of that kind are summed and compared."""
        delivered = (
            DeliveryItem.objects.filter(
                delivery__beneficiary=OuterRef(OuterRef("pk")), kind=OuterRef("kind")
            )
            .order_by()
            .values("kind")
            .annotate(total=Sum("quantity"))
            .values("total")
        )
        short = (
            AidPackageItem.objects.filter(package=OuterRef("package"))
            .annotate(arrived=Coalesce(Subquery(delivered), 0))
            .filter(quantity__gt=F("arrived"))
        )
        return self.filter(package__isnull=False).exclude(status="withdrawn").filter(Exists(short))


class DeliveryQuerySet(ScopedQuerySet):
    province_path = "beneficiary__library__province"
    regency_path = "beneficiary__library__regency"


class DeliveryItemQuerySet(ScopedQuerySet):
    province_path = "delivery__beneficiary__library__province"
    regency_path = "delivery__beneficiary__library__regency"


class BeneficiaryDocumentQuerySet(ScopedQuerySet):
    province_path = "beneficiary__library__province"
    regency_path = "beneficiary__library__regency"


class ProvinceQuotaQuerySet(ScopedQuerySet):
    province_path = "province"

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        return Q(province=scope.province_code)


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


def _decree_upload_to(instance, filename: str) -> str:
    return document_path("decrees", filename)


def _bast_upload_to(instance, filename: str) -> str:
    return document_path("bast", filename)


def _beneficiary_document_upload_to(instance, filename: str) -> str:
    return document_path("beneficiaries", filename)


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


class Beneficiary(TimeStampedModel):
    """A library (village, regency/city or province) taking part in a cycle (penerima manfaat).

    Its status moves through the selection workflow (`programs.services`): proposed by a
    regency → verified by the province → selected by the national office with a decree →
    active → completed; withdrawn at any step with a reason. Only the services change it.
    """

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        VERIFIED = "verified", _("verified")
        SELECTED = "selected", _("selected")
        ACTIVE = "active", _("active")
        COMPLETED = "completed", _("completed")
        WITHDRAWN = "withdrawn", _("withdrawn")

    class Track(models.TextChoices):
        CENTRAL = "central", _("central stimulus (Perpusnas)")
        REPLICATION = "replication", _("replication with local funds")

    class Funding(models.TextChoices):
        APBN = "apbn", _("APBN through Perpusnas")
        PROVINCE_APBD = "apbd_province", _("provincial APBD")
        REGENCY_APBD = "apbd_regency", _("regency/city APBD")
        VILLAGE_FUNDS = "village_funds", _("village funds")
        CSR = "csr", _("CSR")
        OTHER = "other", _("other")

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
        verbose_name=_("library"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    track = models.CharField(
        _("track"), max_length=12, choices=Track.choices, default=Track.CENTRAL, db_index=True
    )
    funding_source = models.CharField(
        _("funding source"), max_length=15, choices=Funding.choices, default=Funding.APBN
    )
    funding_amount = models.DecimalField(
        _("funding amount (Rp)"), max_digits=15, decimal_places=0, null=True, blank=True
    )
    decree = models.ForeignKey(
        SelectionDecree,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="beneficiaries",
        verbose_name=_("selection decree"),
    )
    package = models.ForeignKey(
        AidPackage,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="beneficiaries",
        verbose_name=_("aid package"),
    )
    selected_on = models.DateField(_("selection date"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)
    notes = models.TextField(_("notes"), blank=True)

    objects = BeneficiaryQuerySet.as_manager()
    history = HistoricalRecords(verbose_name=_("historical beneficiary"))

    class Meta:
        verbose_name = _("beneficiary")
        verbose_name_plural = _("beneficiaries")
        ordering = ["-cycle__year", "library__region_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "library"], name="programs_beneficiary_one_per_library_per_cycle"
            ),
            models.CheckConstraint(
                condition=~Q(status="withdrawn") | ~Q(withdrawal_reason=""),
                name="programs_beneficiary_withdrawal_has_reason",
                violation_error_message=_("A withdrawal needs its reason."),
            ),
            models.CheckConstraint(
                condition=Q(funding_amount__isnull=True) | Q(funding_amount__gte=0),
                name="programs_beneficiary_funding_amount_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.library} — {self.cycle}"

    def get_absolute_url(self) -> str:
        return reverse("villages:library-detail", kwargs={"slug": self.library.slug})


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


class BeneficiaryDocument(TimeStampedModel):
    """A file belonging to a beneficiary: the village head's commitment letter, the decree
    naming the library's board, or another paper. Private: staff in scope only."""

    class Kind(models.TextChoices):
        COMMITMENT_LETTER = "commitment", _("village head's commitment letter")
        BOARD_DECREE = "board_sk", _("decree naming the library's board")
        OTHER = "other", _("other document")

    beneficiary = models.ForeignKey(
        Beneficiary,
        on_delete=models.CASCADE,
        related_name="documents",
        verbose_name=_("beneficiary"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200, blank=True)
    file = models.FileField(
        _("file"),
        storage=documents_storage,
        upload_to=_beneficiary_document_upload_to,
        validators=[validate_document],
        max_length=200,
    )

    objects = BeneficiaryDocumentQuerySet.as_manager()
    history = HistoricalRecords(verbose_name=_("historical beneficiary document"))

    class Meta:
        verbose_name = _("beneficiary document")
        verbose_name_plural = _("beneficiary documents")
        ordering = ["beneficiary", "kind", "pk"]

    def __str__(self) -> str:
        return self.title or self.get_kind_display()
