"""Public, read-only endpoints: the open datasets of `/data/` (no authentication, throttled
per address). No personal data: counts of people, never people."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q
from django.http import HttpRequest
from django.utils.translation import get_language
from ninja import Query, Router

from portal.opendata import dataset_get, dataset_records, dataset_values_page
from programs.models import public_beneficiary_q
from programs.selectors import cycles_public

from .errors import Error
from .filters import region_filters
from .pagination import DEFAULT_LIMIT, MAX_LIMIT, cursor_decode, cursor_encode
from .schemas import (
    BeneficiaryPublicPage,
    CycleOut,
    EventPublicPage,
    LibraryPublicPage,
    MonthlyActivityPublic,
    MonthlyReportPublicPage,
    RegionCyclePublic,
)
from .security import AnonThrottle

router = Router(tags=["public"], throttle=[AnonThrottle()])

PROVINCE = Query(None, pattern=r"^\d{2}$", description="Province code, e.g. 51.")
REGENCY = Query(None, pattern=r"^\d{2}\.\d{2}$", description="Regency/city code, e.g. 51.03.")
CYCLE = Query(None, ge=2000, le=2100, description="Cycle (budget year), e.g. 2021.")
CURSOR = Query(None, max_length=64, description="`page.next_cursor` of the previous page.")
LIMIT = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Rows per page.")
ERRORS = {400: Error, 422: Error, 429: Error}


def _page(request: HttpRequest, slug: str, filters: dict, cursor: str | None, limit: int):
    dataset = dataset_get(slug)
    exporter = dataset.exporter_for(
        base_url=request.build_absolute_uri("/"), language=get_language(), filters=filters
    )
    after = cursor_decode(cursor) if cursor else None
    items, last = dataset_values_page(exporter, after_pk=after, limit=limit)
    next_cursor = cursor_encode(last) if last is not None else None
    next_url = None
    if next_cursor:
        params = request.GET.copy()
        params["cursor"] = next_cursor
        next_url = request.build_absolute_uri(request.path) + "?" + params.urlencode()
    return {"items": items, "page": {"next_cursor": next_cursor, "next": next_url, "limit": limit}}


@router.get("/cycles", response={200: list[CycleOut], 429: Error}, summary="Program cycles")
def cycles(request: HttpRequest):
    """Every cycle with its targets and how far it got: libraries selected, provinces and
    regencies reached."""
    # Only what public pages count: centrally funded, named by a decree, active libraries.
    counted = public_beneficiary_q("beneficiaries") & Q(beneficiaries__library__is_active=True)
    rows = cycles_public().annotate(
        n=Count("beneficiaries", filter=counted, distinct=True),
        provinces=Count("beneficiaries__library__province", filter=counted, distinct=True),
        regencies=Count("beneficiaries__library__regency", filter=counted, distinct=True),
    )
    return [
        {
            "year": c.year,
            "program": c.program.name,
            "target_libraries": c.target_libraries,
            "target_provinces": c.target_provinces,
            "beneficiaries": c.n,
            "provinces_reached": c.provinces,
            "regencies_reached": c.regencies,
        }
        for c in rows
    ]


@router.get(
    "/beneficiaries", response={200: BeneficiaryPublicPage, **ERRORS}, summary="Beneficiaries"
)
def beneficiaries(
    request: HttpRequest,
    cycle: int | None = CYCLE,
    province: str | None = PROVINCE,
    regency: str | None = REGENCY,
    cursor: str | None = CURSOR,
    limit: int = LIMIT,
):
    """Beneficiary libraries (dataset `penerima-manfaat`), oldest record first."""
    filters = region_filters(cycle=cycle, province=province, regency=regency)
    return _page(request, "penerima-manfaat", filters, cursor, limit)


@router.get("/libraries", response={200: LibraryPublicPage, **ERRORS}, summary="Village libraries")
def libraries(
    request: HttpRequest,
    province: str | None = PROVINCE,
    regency: str | None = REGENCY,
    cursor: str | None = CURSOR,
    limit: int = LIMIT,
):
    """Active village libraries (dataset `perpustakaan`)."""
    filters = region_filters(province=province, regency=regency)
    return _page(request, "perpustakaan", filters, cursor, limit)


@router.get("/events", response={200: EventPublicPage, **ERRORS}, summary="Bimtek trainings")
def events(
    request: HttpRequest,
    cycle: int | None = CYCLE,
    province: str | None = PROVINCE,
    cursor: str | None = CURSOR,
    limit: int = LIMIT,
):
    """Published Bimtek events with counts of people and libraries (dataset `bimtek`)."""
    filters = region_filters(cycle=cycle, province=province)
    return _page(request, "bimtek", filters, cursor, limit)


def _all(request: HttpRequest, slug: str, filters: dict) -> list[dict]:
    exporter = dataset_get(slug).exporter_for(
        base_url=request.build_absolute_uri("/"), language=get_language(), filters=filters
    )
    return list(dataset_records(exporter))


@router.get(
    "/regions",
    response={200: list[RegionCyclePublic], 422: Error, 429: Error},
    summary="Figures per region and cycle",
)
def regions(
    request: HttpRequest,
    cycle: int | None = CYCLE,
    province: str | None = PROVINCE,
    regency: str | None = REGENCY,
):
    """Per regency/city and cycle (dataset `agregat-wilayah`); one row per pair that has any
    figure, so the list stays short (at most regencies × cycles)."""
    filters = region_filters(cycle=cycle, province=province, regency=regency)
    return _all(request, "agregat-wilayah", filters)


@router.get(
    "/activity",
    response={200: list[MonthlyActivityPublic], 422: Error, 429: Error},
    summary="Monthly training activity",
)
def activity(request: HttpRequest, cycle: int | None = CYCLE, province: str | None = PROVINCE):
    """Per month and province (dataset `aktivitas-bulanan`); `cycle` here keeps the months of
    that calendar year."""
    filters = region_filters(cycle=cycle, province=province)
    return _all(request, "aktivitas-bulanan", filters)


MONTH = Query(None, pattern=r"^\d{4}-(0[1-9]|1[0-2])$", description="Month, e.g. 2026-09.")


@router.get(
    "/reports", response={200: MonthlyReportPublicPage, **ERRORS}, summary="Monthly library reports"
)
def reports(
    request: HttpRequest,
    month: str | None = MONTH,
    province: str | None = PROVINCE,
    regency: str | None = REGENCY,
    cursor: str | None = CURSOR,
    limit: int = LIMIT,
):
    """Approved monthly reports, one row per library and month (dataset `laporan-bulanan`);
    counts only, never notes, photos or people."""
    filters = region_filters(province=province, regency=regency)
    if month:
        year, number = month.split("-")
        filters["month"] = datetime.date(int(year), int(number), 1)
    return _page(request, "laporan-bulanan", filters, cursor, limit)
