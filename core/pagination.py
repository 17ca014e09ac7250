"""Pagination for the public lists: a bad page number is a message, never a 500."""

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.http import HttpRequest
from django.utils.translation import gettext as _

PAGE_SIZE = 25


def paginate(request: HttpRequest, queryset, per_page: int = PAGE_SIZE) -> tuple[Page, str]:
    """The requested page of `queryset` and a message for the visitor if the `page` parameter
    was not a page that exists (they then get the first page)."""
    paginator = Paginator(queryset, per_page)
    raw = request.GET.get("page", "1")
    try:
        return paginator.page(raw), ""
    except (PageNotAnInteger, EmptyPage):
        # Shown back to the visitor: cut, so an overlong parameter cannot flood the page.
        return paginator.page(1), _("There is no page “%(page)s”; showing the first page.") % {
            "page": raw[:20]
        }


def query_without_page(request: HttpRequest) -> str:
    """The current query string minus `page`, for the pagination links."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
