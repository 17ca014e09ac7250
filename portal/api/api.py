"""The REST API, version 1 (django-ninja; why: docs/decisions.md).

`/api/v1/` holds the public open-data endpoints (no authentication) and, under `/staff/`, the
staff endpoints (a per-user token made in the admin). `/api/v1/openapi.json` is the OpenAPI
document, `/api/v1/docs/` its documentation page (our own static files, under the site's CSP).
"""

from __future__ import annotations

from ninja import NinjaAPI

from . import public, staff
from .errors import install_error_handlers

DESCRIPTION = """\
Open data of the TPBIS program (Perpustakaan Nasional RI) and, for staff, the records of their
region.

* **Public endpoints** need no authentication. Licence: CC BY 4.0 (credit Perpustakaan
  Nasional Republik Indonesia). The same data downloads as CSV and JSON at `/data/`.
* **Staff endpoints** (`/staff/…`) need `Authorization: Bearer <token>`; a token is made in the
  admin ("API tokens") and acts as its user: the same region, role and permissions. Phones and
  e-mails are null without the contacts permission, health results without the health
  permission; reading them is recorded in the audit trail.
* **Lists** are paginated by cursor: follow `page.next` (or pass `page.next_cursor` as
  `cursor`) until it is null. `limit` is 1–500 (default 100).
* **Errors** all have one shape: `{"error": {"status", "code", "message", "fields"}}`; 401
  without a valid token, 403 when the role may not, 404 for what does not exist or is outside
  your region (the same answer), 422 for bad input (each in `fields`), 429 when throttled (see
  `Retry-After`).
"""

api = NinjaAPI(
    title="TPBIS portal API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    openapi_url="/openapi.json",
    docs_url=None,
)
install_error_handlers(api)
api.add_router("", public.router)
api.add_router("/staff", staff.router)
