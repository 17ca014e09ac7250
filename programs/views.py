"""Public pages of the program's open data: the beneficiary list and its CSV download."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

from core.exporters import response
from core.pagination import paginate, query_without_page

from .exporters import PublicBeneficiaryExporter
from .filters import BeneficiaryFilterForm
from .selectors import beneficiaries_filter, beneficiaries_public, beneficiary_counts_by_province


def _filters(request: HttpRequest) -> tuple[BeneficiaryFilterForm, dict]:
    form = BeneficiaryFilterForm(request.GET or None)
    return form, (form.filters() if request.GET else {})


def _filtered(request: HttpRequest):
    form, filters = _filters(request)
    return form, beneficiaries_filter(beneficiaries_public(), **filters)


def beneficiary_list(request: HttpRequest) -> HttpResponse:
    form, beneficiaries = _filtered(request)
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
