"""The API's documentation page: Swagger UI from our own static files (npm, through
`core.staticfinders`), started by our own script, under the site's strict CSP. Without
JavaScript the page still lists every endpoint, read from the same OpenAPI document."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from .api import api


def api_docs(request: HttpRequest) -> HttpResponse:
    schema = api.get_openapi_schema()
    operations = [
        {
            "method": method.upper(),
            "path": path,
            "summary": op.get("summary", ""),
            "staff": bool(op.get("security")),
        }
        for path, item in schema["paths"].items()
        for method, op in item.items()
        if method in {"get", "post", "put", "patch", "delete"}
    ]
    return render(
        request,
        "portal/api_docs.html",
        {"openapi_url": reverse("api-v1:openapi-json"), "operations": operations},
    )
