"""A per-address login limit beside django-axes' per-account one.

django-axes counts failures per (username, address) and locks that pair after
`AXES_FAILURE_LIMIT`; one address trying many usernames (password spraying) never reaches it.
Axes compares every lockout parameter set with that one limit, so adding "address" as a second
set would lock a whole office behind one shared address after five typos. This handler keeps
axes' database records and per-pair count, and also counts the address's failures whatever the
username: from `LIBPORTAL_ADDRESS_FAILURE_LIMIT` on, every login from the address is refused
until axes' cool-off ends. A successful login still resets only its own account's failures.
See docs/decisions.md.
"""

from __future__ import annotations

from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


def address_failures(request: Any) -> int:
    """Failed logins from the request's address within the cool-off, whatever the username."""
    address = getattr(request, "axes_ip_address", None)
    if not address:
        return 0
    attempts = AccessAttempt.objects.filter(ip_address=address)
    if settings.AXES_COOLOFF_TIME:
        attempts = attempts.filter(attempt_time__gte=get_cool_off_threshold(request))
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


class AddressLimitedHandler(AxesDatabaseHandler):
    """Axes' database handler; an address past its own limit counts as locked for everyone.

    Marks the request (`libportal_address_locked`), so the lockout page can say which limit
    was reached.
    """

    def get_failures(self, request, credentials: dict | None = None) -> int:
        failures = super().get_failures(request, credentials)
        if address_failures(request) >= settings.LIBPORTAL_ADDRESS_FAILURE_LIMIT:
            request.libportal_address_locked = True
            return max(failures, get_failure_limit(request, credentials))
        return failures
