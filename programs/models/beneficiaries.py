"""Beneficiary libraries of a cycle, the one public rule, and their documents."""

from django.db import models
from django.db.models import Exists, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.documents import documents_storage, validate_document
from core.models import TimeStampedModel
from villages.models import VillageLibrary
from villages.scoping import ScopedQuerySet, prefix_q

from .cycles import AidPackage, AidPackageItem, ProgramCycle, SelectionDecree
from .uploads import _beneficiary_document_upload_to

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
        from .deliveries import DeliveryItem  # deliveries imports this module (Beneficiary)

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


class BeneficiaryDocumentQuerySet(ScopedQuerySet):
    province_path = "beneficiary__library__province"
    regency_path = "beneficiary__library__regency"


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
