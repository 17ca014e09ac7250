"""The public dashboard page and the open-data pages (thin views over `portal.dashboard` and
`portal.opendata`)."""

from __future__ import annotations

import json
from collections.abc import Iterator

from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from core.cache import cache_public_page
from core.exporters import response as export_response

from .dashboard import DashboardFilterForm, dashboard_build
from .opendata import (
    DATASETS,
    LICENCE_NAME,
    LICENCE_URL,
    PUBLISHER,
    dataset_get,
    dataset_records,
    dictionary_rows,
)


@cache_public_page
@require_safe
def dashboard(request: HttpRequest) -> HttpResponse:
    form = DashboardFilterForm(request.GET or None)
    data = form.valid_data() if request.GET else {}
    board = dashboard_build(
        year=data.get("cycle"), province=data.get("province"), figure=data.get("figure") or ""
    )
    return render(request, "portal/dashboard.html", {"form": form, "board": board})


@cache_public_page
@require_safe
def opendata_index(request: HttpRequest) -> HttpResponse:
    datasets = [
        {
            "dataset": d,
            "dictionary": dictionary_rows(d),
            "last_modified": d.last_modified(),
        }
        for d in DATASETS
    ]
    return render(
        request,
        "portal/opendata.html",
        {
            "datasets": datasets,
            "licence_name": LICENCE_NAME,
            "licence_url": LICENCE_URL,
            "publisher": PUBLISHER,
        },
    )


def _exporter(request: HttpRequest, slug: str):
    dataset = dataset_get(slug)
    if dataset is None:
        raise Http404
    return dataset, dataset.exporter_for(
        base_url=request.build_absolute_uri("/"), language=get_language(), filters={}
    )


@require_safe
def opendata_csv(request: HttpRequest, slug: str) -> HttpResponse:
    """The dataset as CSV through the exporter framework: UTF-8 with a BOM, the formula
    guard, streamed."""
    _dataset, exporter = _exporter(request, slug)
    return export_response(exporter, "csv")


@require_safe
def opendata_json(request: HttpRequest, slug: str) -> HttpResponse:
    """The dataset as JSON, streamed: its metadata (licence, date of the data, dictionary) and
    its rows, numbers as numbers."""
    dataset, exporter = _exporter(request, slug)
    last = dataset.last_modified()
    meta = {
        "dataset": dataset.slug,
        "title": str(dataset.title),
        "description": str(dataset.description),
        "publisher": PUBLISHER,
        "licence": {"name": LICENCE_NAME, "url": LICENCE_URL},
        "data_as_of": last.isoformat() if last else None,
        "generated": timezone.now().isoformat(),
        "language": get_language(),
        "columns": dictionary_rows(dataset),
    }

    def chunks() -> Iterator[str]:
        head = json.dumps(meta, ensure_ascii=False)
        yield head[:-1] + ', "rows": ['
        first = True
        batch: list[str] = []
        for record in dataset_records(exporter):
            batch.append(("" if first else ",") + json.dumps(record, ensure_ascii=False))
            first = False
            if len(batch) >= 1000:
                yield "".join(batch)
                batch.clear()
        yield "".join(batch) + "]}"

    response = StreamingHttpResponse(
        (c.encode() for c in chunks()), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{exporter.identifier}.json"'
    return response
