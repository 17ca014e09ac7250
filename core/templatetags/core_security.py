"""Template filters for the security pages (the login lock-out)."""

import datetime
import math

from django import template

register = template.Library()


@register.filter
def whole_hours(value: datetime.timedelta | None) -> int:
    """A cool-off period in whole hours, rounded up (at least 1) for the lock-out message."""
    if not isinstance(value, datetime.timedelta):
        return 1
    return max(1, math.ceil(value.total_seconds() / 3600))
