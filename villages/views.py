"""Public region and village library pages."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from .models import Province
from .selectors import (
    library_get_public,
    province_regency_counts,
    region_beneficiaries_by_cycle,
    region_events,
    region_get,
)


def region_detail(request: HttpRequest, code: str) -> HttpResponse:
    region = region_get(code=code)
    if region is None:
        raise Http404
    is_province = isinstance(region, Province)
    return render(
        request,
        "villages/region_detail.html",
        {
            "region": region,
            "is_province": is_province,
            "province": region if is_province else region.province,
            "regencies": province_regency_counts(region) if is_province else None,
            "cycles": region_beneficiaries_by_cycle(region),
            "events": region_events(region),
        },
    )


def library_detail(request: HttpRequest, slug: str) -> HttpResponse:
    library = library_get_public(slug=slug)
    if library is None:  # unknown or inactive
        raise Http404
    return render(request, "villages/library_detail.html", {"library": library})
