"""The admin (and the staff pages beside it) in the language its user chose.

The public site takes its language from the URL (Indonesian at the root, English under /en/),
and Django's LocaleMiddleware gives every unprefixed path, /admin/ included, the default
language (Indonesian). Staff who prefer English choose it with the switch in the admin's
header (templates/admin/base_site.html), which posts to Django's `set_language` view and so
sets the language cookie; this middleware, placed after LocaleMiddleware, honours that cookie
on the staff paths only. No cookie, or an unknown value: Indonesian, as before.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

#: Paths outside i18n_patterns whose language follows the staff member's choice.
STAFF_PREFIXES = ("/admin/", "/staff/")


def staff_language(request: HttpRequest) -> str | None:
    """The language the staff member chose (the language cookie), if it is one we offer."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    return chosen if chosen in dict(settings.LANGUAGES) else None


class StaffLanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info.startswith(STAFF_PREFIXES):
            chosen = staff_language(request)
            if chosen:
                translation.activate(chosen)
                request.LANGUAGE_CODE = chosen
        return self.get_response(request)
