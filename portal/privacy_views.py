"""The public privacy notice, `/privasi/` (`/en/privasi/`): who holds the participants' data,
why, for how long (the periods in force, from the settings) and whom to ask."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from core.privacy import CATEGORY_LABELS, CONTROLLER, period_text

from .privacy import retention_kinds


def privacy_notice(request: HttpRequest) -> HttpResponse:
    kinds = [
        {
            "label": kind.label,
            "holds": kind.holds,
            "category": CATEGORY_LABELS.get(kind.category, ""),
            "period": period_text(kind.days),
            "counted_from": kind.counted_from,
            "removal": kind.removal,
        }
        for kind in retention_kinds()
    ]
    return render(
        request,
        "portal/privacy.html",
        {
            "kinds": kinds,
            "controller": CONTROLLER,
            "contact_email": getattr(settings, "PRIVACY_CONTACT_EMAIL", ""),
        },
    )
