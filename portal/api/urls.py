"""Mounted at `/api/v1/` by the project's root URLs (outside the language prefix: an API's
addresses do not change with the visitor's language). Every answer under it, even for an
unknown path or method, has the API's one error shape."""

from functools import wraps

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.urls import path, re_path
from django.utils.translation import gettext as _

from .api import api
from .errors import error_body
from .views import api_docs


def _shaped(view):
    """ninja answers a method an endpoint lacks with a plain-text 405, and its root with
    Django's HTML 404: give every such answer the API's shape."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            response = view(request, *args, **kwargs)
        except Http404:
            return not_found(request)
        if response.status_code < 400 or response.get("Content-Type", "").startswith(
            "application/json"
        ):
            return response
        if response.status_code == 404:
            return not_found(request)
        message = _("This endpoint does not answer %(method)s.") % {"method": request.method}
        shaped = JsonResponse(
            error_body(response.status_code, message), status=response.status_code
        )
        if response.has_header("Allow"):
            shaped["Allow"] = response["Allow"]
        return shaped

    return wrapper


def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    return JsonResponse(error_body(404, _("Not found (or not in your scope).")), status=404)


# (Not named app_name: Django would take it for this module's own namespace.)
_patterns, _app, _namespace = api.urls
for pattern in _patterns:
    pattern.callback = _shaped(pattern.callback)

urlpatterns = [
    path("docs/", api_docs, name="api-docs"),
    path("", (_patterns, _app, _namespace)),
    re_path(r"^(?P<rest>.*)$", not_found),
]
