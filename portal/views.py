"""The public pages that compose several apps: home, a province or regency, a village library,
robots.txt. Thin views over `portal.selectors`."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from core.cache import cache_public_page
from monitoring.public import library_monthly, region_reporting
from programs.models import Program
from trainings.selectors import cycle_headlines, events_latest
from villages.literacy import region_literacy
from villages.models import Province

from .selectors import (
    library_get_public,
    province_regency_counts,
    region_beneficiaries_by_cycle,
    region_events,
    region_get,
    region_replications_by_cycle,
)


@cache_public_page
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "portal/home.html",
        {
            "program": Program.objects.select_related("institution").order_by("pk").first(),
            "cycles": cycle_headlines(),
            "events": events_latest(),
        },
    )


@cache_public_page
def region_detail(request: HttpRequest, code: str) -> HttpResponse:
    region = region_get(code=code)
    if region is None:
        raise Http404
    is_province = isinstance(region, Province)
    return render(
        request,
        "portal/region_detail.html",
        {
            "region": region,
            "is_province": is_province,
            "province": region if is_province else region.province,
            "regencies": province_regency_counts(region) if is_province else None,
            "cycles": region_beneficiaries_by_cycle(region),
            "replications": region_replications_by_cycle(region),
            "events": region_events(region),
            "reporting": region_reporting(region),
            "literacy": region_literacy(region),
        },
    )


@cache_public_page
def library_detail(request: HttpRequest, slug: str) -> HttpResponse:
    library = library_get_public(slug=slug)
    if library is None:  # unknown or inactive
        raise Http404
    return render(
        request,
        "portal/library_detail.html",
        {"library": library, "monthly": library_monthly(library)},
    )


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /i18n/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
