"""One error shape for every answer that is not a success.

```json
{"error": {"status": 404, "code": "not_found", "message": "…", "fields": []}}
```

`fields` names where bad input is (`query.limit`, `body.day`) with a message each; it is empty
for errors that are not about input. Django's own 404 and permission errors, ninja's auth,
throttling and validation errors, and our `ApiError` all answer in this shape.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

#: status -> machine-readable code
CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    422: "invalid",
    429: "throttled",
}


class FieldError(Schema):
    location: str
    message: str


class ErrorBody(Schema):
    status: int
    code: str
    message: str
    fields: list[FieldError] = []


class Error(Schema):
    """Every error the API answers."""

    error: ErrorBody


class ApiError(Exception):
    """An error a view raises on purpose, with its status and a message for the client."""

    def __init__(self, status: int, message: str, fields: list[dict[str, str]] | None = None):
        self.status, self.message, self.fields = status, message, fields or []
        super().__init__(message)


def error_body(status: int, message: str, fields: list[dict[str, str]] | None = None) -> dict:
    return {
        "error": {
            "status": status,
            "code": CODES.get(status, "error"),
            "message": str(message),
            "fields": fields or [],
        }
    }


def _location(loc: Any) -> str:
    parts = [str(p) for p in (loc or ()) if p not in ("", None)]
    return ".".join(parts)


def install_error_handlers(api: NinjaAPI) -> None:
    """Replace ninja's default handlers with the one shape."""

    def respond(request: HttpRequest, status: int, message: str, fields=None) -> HttpResponse:
        return api.create_response(request, error_body(status, message, fields), status=status)

    @api.exception_handler(ApiError)
    def api_error(request, exc: ApiError):
        return respond(request, exc.status, exc.message, exc.fields)

    @api.exception_handler(AuthenticationError)
    def unauthorised(request, exc):
        response = respond(
            request,
            401,
            _(
                "Send a valid API token: “Authorization: Bearer <token>” (tokens are made in the "
                "admin)."
            ),
        )
        response["WWW-Authenticate"] = 'Bearer realm="api"'
        return response

    @api.exception_handler(Throttled)
    def throttled(request, exc: Throttled):
        return respond(request, 429, _("Too many requests; wait a little and try again."))

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        return respond(request, exc.status_code, exc.message)

    @api.exception_handler(ValidationError)
    def invalid(request, exc: ValidationError):
        fields = [
            {"location": _location(e.get("loc")), "message": str(e.get("msg", ""))}
            for e in exc.errors
        ]
        return respond(request, 422, _("Some input is not valid: see “fields”."), fields)

    @api.exception_handler(DjangoValidationError)
    def rule_broken(request, exc: DjangoValidationError):
        if hasattr(exc, "error_dict"):
            fields = [
                {"location": f"body.{name}", "message": str(m)}
                for name, errors in exc.message_dict.items()
                for m in errors
            ]
        else:
            fields = []
        return respond(request, 422, " ".join(str(m) for m in exc.messages), fields)

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return respond(request, 404, _("Not found (or not in your scope)."))

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc):
        return respond(request, 403, str(exc) or _("Your role may not do this."))
