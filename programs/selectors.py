"""Reads of the program's public open data: cycles and beneficiary libraries.

Public pages tell the year truthfully: only beneficiaries a decree has named (selected, active,
completed) and centrally funded count as beneficiaries (`BeneficiaryQuerySet.public`);
libraries replicating the model with local funds are listed apart (`replication()`).
"""

from django.db.models import Count, Q, QuerySet

from villages.models import Province, Regency

from .models import Beneficiary, ProgramCycle, ProvinceQuota


def cycles_public() -> QuerySet[ProgramCycle]:
    """Every cycle, newest first, with its program joined in."""
    return ProgramCycle.objects.select_related("program").order_by("-year", "program__name")


_REGION_PATH = (
    "cycle__program",
    "library__village__district",
    "library__regency",
    "library__province",
)


def beneficiaries_public() -> QuerySet[Beneficiary]:
    """Centrally funded beneficiaries named by a decree whose library is active, with the cycle
    and the library's region path joined in (one query per page, whatever the page size)."""
    return (
        Beneficiary.objects.public()
        .filter(library__is_active=True)
        .select_related(*_REGION_PATH)
        .order_by("-cycle__year", "library__region_code", "pk")
    )


def replications_public() -> QuerySet[Beneficiary]:
    """Libraries replicating the model with local funds (shown apart from the beneficiaries)."""
    return (
        Beneficiary.objects.replication()
        .filter(library__is_active=True)
        .select_related(*_REGION_PATH)
        .order_by("-cycle__year", "library__region_code", "pk")
    )


def beneficiaries_filter(
    queryset: QuerySet[Beneficiary],
    *,
    year: int | None = None,
    province: Province | None = None,
    regency: Regency | None = None,
    search: str = "",
) -> QuerySet[Beneficiary]:
    """Narrow a beneficiary queryset by cycle year, region and a library or village name."""
    if year is not None:
        queryset = queryset.filter(cycle__year=year)
    if province is not None:
        queryset = queryset.filter(library__province=province)
    if regency is not None:
        queryset = queryset.filter(library__regency=regency)
    if search:
        queryset = queryset.filter(
            Q(library__name__icontains=search) | Q(library__village__name__icontains=search)
        )
    return queryset


def beneficiary_counts_by_province(queryset: QuerySet[Beneficiary]) -> list[dict]:
    """How many beneficiary rows of the queryset each province has (one grouped query)."""
    return list(
        queryset.order_by()
        .values("library__province__code", "library__province__name")
        .annotate(count=Count("pk"))
        .order_by("library__province__code")
    )


def regencies_with_beneficiaries() -> QuerySet[Regency]:
    """Regencies that have at least one public beneficiary library (the filter's choices)."""
    return (
        Regency.objects.filter(
            code__in=Beneficiary.objects.public()
            .filter(library__is_active=True, library__regency__isnull=False)
            .values("library__regency")
        )
        .select_related("province")
        .order_by("code")
    )


def cycle_quota_progress(cycle: ProgramCycle, *, user=None) -> list[dict]:
    """Per province of the cycle's quotas (in the user's scope when given): the target, and how
    many libraries are proposed, verified and selected (selected, active or completed) so far.
    Two queries."""
    quotas = ProvinceQuota.objects.filter(cycle=cycle).select_related("province")
    if user is not None:
        quotas = quotas.in_scope(user)
    counts: dict[str, dict[str, int]] = {}
    rows = (
        Beneficiary.objects.filter(cycle=cycle, track=Beneficiary.Track.CENTRAL)
        .order_by()
        .values_list("library__province_id", "status")
        .annotate(n=Count("pk"))
    )
    for province_id, status, n in rows:
        bucket = "selected" if status in ("selected", "active", "completed") else status
        counts.setdefault(province_id, {}).setdefault(bucket, 0)
        counts[province_id][bucket] += n
    return [
        {
            "province": quota.province,
            "target": quota.target_libraries,
            "proposed": counts.get(quota.province_id, {}).get("proposed", 0),
            "verified": counts.get(quota.province_id, {}).get("verified", 0),
            "selected": counts.get(quota.province_id, {}).get("selected", 0),
        }
        for quota in quotas
    ]


def document_in_scope(user, name: str):
    """The stored file called `name` if the record holding it is in `user`'s scope, else None.

    A signed BAST and a beneficiary's documents follow their beneficiary's region; a decree
    names libraries across the country and is for staff with any scope. Fails closed: the
    public, staff without a scope and unknown names get None.
    """
    from villages.scoping import scope_of

    from .models import BeneficiaryDocument, Delivery, SelectionDecree

    if not name or scope_of(user) is None:
        return None
    delivery = Delivery.objects.in_scope(user).filter(bast_file=name).first()
    if delivery is not None:
        return delivery.bast_file
    document = BeneficiaryDocument.objects.in_scope(user).filter(file=name).first()
    if document is not None:
        return document.file
    decree = SelectionDecree.objects.filter(file=name).first()
    if decree is not None:
        return decree.file
    return None
