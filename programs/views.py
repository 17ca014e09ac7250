"""Public pages of the program's open data (the beneficiary list and its CSV download), and
the staff download of private documents."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

from core.cache import cache_public_page
from core.documents import document_response
from core.exporters import response
from core.pagination import paginate, query_without_page

from .exporters import PublicBeneficiaryExporter
from .filters import BeneficiaryFilterForm
from .selectors import (
    beneficiaries_filter,
    beneficiaries_public,
    beneficiary_counts_by_province,
    document_in_scope,
    replications_public,
)


def _filters(request: HttpRequest) -> tuple[BeneficiaryFilterForm, dict]:
    form = BeneficiaryFilterForm(request.GET or None)
    return form, (form.filters() if request.GET else {})


@cache_public_page
def beneficiary_list(request: HttpRequest) -> HttpResponse:
    form, filters = _filters(request)
    beneficiaries = beneficiaries_filter(beneficiaries_public(), **filters)
    page, page_message = paginate(request, beneficiaries)
    return render(
        request,
        "programs/beneficiary_list.html",
        {
            "form": form,
            "page_obj": page,
            "page_message": page_message,
            "query": query_without_page(request),
            "province_counts": beneficiary_counts_by_province(beneficiaries),
            "csv_query": query_without_page(request),
        },
    )


@cache_public_page
def replication_list(request: HttpRequest) -> HttpResponse:
    """Libraries replicating the model with local funds: apart from the beneficiaries, with
    the same filters."""
    form, filters = _filters(request)
    page, page_message = paginate(request, beneficiaries_filter(replications_public(), **filters))
    return render(
        request,
        "programs/replication_list.html",
        {
            "form": form,
            "page_obj": page,
            "page_message": page_message,
            "query": query_without_page(request),
        },
    )


def beneficiary_csv(request: HttpRequest) -> HttpResponse:
    """The current filter as CSV, streamed: open data, no personal data (no names of people,
    no phones, no e-mails), written by the exporter framework (BOM, formula guard, quoting)."""
    _form, filters = _filters(request)
    exporter = PublicBeneficiaryExporter(
        user=request.user,
        filters=filters,
        base_url=request.build_absolute_uri("/"),
        language=get_language(),
    )
    return response(exporter, "csv")


def document_download(request: HttpRequest, name: str) -> HttpResponse:
    """A private document (decree, BAST, commitment letter, board decree) for a staff user
    whose region holds the record it belongs to; 404 for everyone else, the public included
    (a refusal that does not say whether the file exists)."""
    fieldfile = document_in_scope(request.user, name)
    if fieldfile is None:
        raise Http404
    return document_response(fieldfile)
