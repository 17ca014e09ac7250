"""Public pages of the program's open data: the beneficiary list and its CSV download."""

import csv

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from core.formulas import neutralise_row
from core.pagination import paginate, query_without_page

from .filters import BeneficiaryFilterForm
from .selectors import beneficiaries_filter, beneficiaries_public, beneficiary_counts_by_province


def _filtered(request: HttpRequest):
    form = BeneficiaryFilterForm(request.GET or None)
    filters = form.filters() if request.GET else {}
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


class _Echo:
    def write(self, value: str) -> str:
        return value


def beneficiary_csv(request: HttpRequest) -> StreamingHttpResponse:
    """The current filter as CSV, streamed: open data, no personal data (no names of people,
    no phones, no e-mails), every cell neutralised against spreadsheet formulas."""
    _form, beneficiaries = _filtered(request)
    header = [
        _("Cycle"),
        _("Status"),
        _("Library"),
        _("Village code"),
        _("Village"),
        _("District"),
        _("Regency/city"),
        _("Province"),
        _("Library page"),
    ]
    base = request.build_absolute_uri("/").rstrip("/")

    def rows():
        yield header
        for b in beneficiaries.iterator(chunk_size=500):
            village = b.library.village
            yield [
                b.cycle.year,
                b.get_status_display(),
                b.library.name,
                village.code,
                village.name,
                village.district.name,
                village.regency.name,
                village.province.name,
                base + b.library.get_absolute_url(),
            ]

    writer = csv.writer(_Echo())
    response = StreamingHttpResponse(
        (writer.writerow(neutralise_row(row)) for row in rows()),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="penerima-manfaat-tpbis.csv"'
    return response
