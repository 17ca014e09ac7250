"""Reads of the program's public open data: cycles and beneficiary libraries."""

from django.db.models import Count, Q, QuerySet

from villages.models import Province, Regency

from .models import Beneficiary, ProgramCycle


def cycles_public() -> QuerySet[ProgramCycle]:
    """Every cycle, newest first, with its program joined in."""
    return ProgramCycle.objects.select_related("program").order_by("-year", "program__name")


def beneficiaries_public() -> QuerySet[Beneficiary]:
    """Beneficiaries whose library is active, with the cycle and the library's region path
    joined in (one query per page, whatever the page size)."""
    return (
        Beneficiary.objects.filter(library__is_active=True)
        .select_related(
            "cycle__program",
            "library__village__district",
            "library__village__regency",
            "library__village__province",
        )
        .order_by("-cycle__year", "library__village__code")
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
        queryset = queryset.filter(library__village__province=province)
    if regency is not None:
        queryset = queryset.filter(library__village__regency=regency)
    if search:
        queryset = queryset.filter(
            Q(library__name__icontains=search) | Q(library__village__name__icontains=search)
        )
    return queryset


def beneficiary_counts_by_province(queryset: QuerySet[Beneficiary]) -> list[dict]:
    """How many beneficiary rows of the queryset each province has (one grouped query)."""
    return list(
        queryset.order_by()
        .values("library__village__province__code", "library__village__province__name")
        .annotate(count=Count("pk"))
        .order_by("library__village__province__code")
    )


def regencies_with_beneficiaries() -> QuerySet[Regency]:
    """Regencies that have at least one active beneficiary library (the filter's choices)."""
    return (
        Regency.objects.filter(
            villages__libraries__is_active=True,
            villages__libraries__beneficiaries__isnull=False,
        )
        .distinct()
        .select_related("province")
        .order_by("code")
    )
