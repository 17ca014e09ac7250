"""Query parameters shared by the endpoints: cycle year and region codes, checked once."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from programs.models import ProgramCycle
from villages.models import Province, Regency

from .errors import ApiError


def _invalid(name: str, message: str) -> ApiError:
    return ApiError(
        422,
        _("Some input is not valid: see “fields”."),
        [{"location": f"query.{name}", "message": message}],
    )


def region_filters(
    *, cycle: int | None = None, province: str | None = None, regency: str | None = None
) -> dict[str, Any]:
    """`year`, `province` and `regency` as the selectors take them; a code or year that does
    not exist is a 422 naming the parameter."""
    out: dict[str, Any] = {}
    if cycle is not None:
        if not ProgramCycle.objects.filter(year=cycle).exists():
            raise _invalid("cycle", _("There is no program cycle for %(year)s.") % {"year": cycle})
        out["year"] = cycle
    if province:
        found = Province.objects.filter(code=province).first()
        if found is None:
            raise _invalid("province", _("Unknown province code: %(value)s.") % {"value": province})
        out["province"] = found
    if regency:
        found = Regency.objects.filter(code=regency).first()
        if found is None:
            raise _invalid("regency", _("Unknown regency code: %(value)s.") % {"value": regency})
        out["regency"] = found
    return out
