"""Public Bimtek pages: the event list and the event report."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from core.cache import cache_public_page
from core.pagination import paginate, query_without_page

from .filters import EventFilterForm
from .selectors import event_report_get, events_filter, events_public


@cache_public_page
def event_list(request: HttpRequest) -> HttpResponse:
    form = EventFilterForm(request.GET or None)
    filters = form.filters() if request.GET else {}
    page, page_message = paginate(request, events_filter(events_public(), **filters))
    return render(
        request,
        "trainings/event_list.html",
        {
            "form": form,
            "page_obj": page,
            "page_message": page_message,
            "query": query_without_page(request),
        },
    )


@cache_public_page
def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    report = event_report_get(slug=slug, user=request.user)
    if report is None:  # unknown, or a draft: the public cannot tell which
        raise Http404
    response = render(
        request, "trainings/event_detail.html", {"report": report, "event": report.event}
    )
    if report.is_draft:
        # A staff preview: never indexed, never kept by a shared cache.
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Cache-Control"] = "private, no-store"
    return response
