"""Template context every public page needs: the language switch and absolute URLs for the
Open Graph tags."""

from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.translation import get_language

# Open Graph wants territory-qualified locales.
OG_LOCALES = {"id": "id_ID", "en": "en_US"}


def site(request: HttpRequest) -> dict:
    current = get_language() or settings.LANGUAGE_CODE
    path = request.get_full_path()
    languages = [
        {
            "code": code,
            "name": name,
            "url": translate_url(path, code),
            "current": code == current,
        }
        for code, name in settings.LANGUAGES
    ]
    return {
        "site_languages": languages,
        "og_locale": OG_LOCALES.get(current, current),
        "og_locale_alternates": [OG_LOCALES[c] for c in OG_LOCALES if c != current],
        "absolute_url": request.build_absolute_uri(request.path),
    }
