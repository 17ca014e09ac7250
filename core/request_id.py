"""A request id on every request: taken from the proxy's `X-Request-ID` when it sent a sane
one (so one id follows a request through nginx, the app and the logs), made up otherwise, put
on every log line of the request (core/logging.py) and sent back in the response."""

from __future__ import annotations

import re
import uuid
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

HEADER = "X-Request-ID"
_SANE = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")

request_id_var: ContextVar[str] = ContextVar("request_id", default="-")


def current_request_id() -> str:
    return request_id_var.get()


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get(HEADER, "")
        request_id = incoming if _SANE.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        # Not reset afterwards: Django logs a failed response after the middleware returned,
        # and that line must carry the id too; the next request sets its own.
        request_id_var.set(request_id)
        response = self.get_response(request)
        response[HEADER] = request_id
        return response
