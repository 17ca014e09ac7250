"""Cursor pagination: the next page starts after the last row seen, by primary key.

A page is `WHERE pk > <last> ORDER BY pk LIMIT n+1`: an index range scan that costs the same on
the first page and the millionth (an OFFSET would read and skip every row before it; see
bench/README.md). The cursor is opaque to clients (base64 of the last key), so the rule can
change without breaking them. Rows added while a client walks the list appear at the end;
none is given twice or skipped.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Schema

from .errors import ApiError

DEFAULT_LIMIT = 100
MAX_LIMIT = 500


class PageInfo(Schema):
    """Where this page ends: `next_cursor` (null on the last page) and the URL of the next page."""

    next_cursor: str | None
    next: str | None
    limit: int


def cursor_encode(pk: int) -> str:
    return base64.urlsafe_b64encode(f"pk:{pk}".encode()).decode().rstrip("=")


def cursor_decode(cursor: str) -> int:
    """The last primary key a cursor names; ApiError (400) for anything that is not a cursor."""
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        kind, value = text.split(":", 1)
        if kind != "pk" or not value.isdigit() or len(value) > 19:
            raise ValueError
        return int(value)
    except (ValueError, UnicodeDecodeError, binascii.Error):
        raise ApiError(
            400,
            _("This cursor is not one the API gave out; start again without it."),
            [{"location": "query.cursor", "message": _("unknown cursor")}],
        ) from None


def cursor_page(
    request: HttpRequest, queryset: QuerySet, *, cursor: str | None, limit: int
) -> tuple[list[Any], dict[str, Any]]:
    """The rows of one page and the page's `PageInfo`, in one query (limit + 1 rows)."""
    qs = queryset.order_by("pk")
    if cursor:
        qs = qs.filter(pk__gt=cursor_decode(cursor))
    rows = list(qs[: limit + 1])
    has_next = len(rows) > limit
    rows = rows[:limit]
    next_cursor = cursor_encode(rows[-1].pk) if has_next else None
    next_url = None
    if next_cursor:
        params = request.GET.copy()
        params["cursor"] = next_cursor
        next_url = request.build_absolute_uri(request.path) + "?" + urlencode(params, doseq=True)
    return rows, {"next_cursor": next_cursor, "next": next_url, "limit": limit}
