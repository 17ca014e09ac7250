"""Project-level public pages: the home page and robots.txt."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from programs.models import Program
from trainings.selectors import cycle_headlines, events_latest


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "home.html",
        {
            "program": Program.objects.select_related("institution").order_by("pk").first(),
            "cycles": cycle_headlines(),
            "events": events_latest(),
        },
    )


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /i18n/",
        "Disallow: /penerima-manfaat/unduh.csv",
        "Disallow: /en/penerima-manfaat/unduh.csv",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
