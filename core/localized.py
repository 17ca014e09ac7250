"""Records' public text in the reader's language: one rule for every `<field>_en` column.

The records that the public pages show (a program's description, an event's title, summary,
goals, health protocol and report, its agenda topics, a library's description) are written in
Indonesian; each has an optional English twin, `<field>_en`, that coordinators may fill. On an
English page the English text is shown when filled; otherwise the Indonesian, marked
`lang="id"` so that screen readers and translators know. On an Indonesian page always the
Indonesian. Explicit columns rather than django-modeltranslation: see docs/decisions.md.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

#: The language the records' own text is written in (the site's default, Indonesian).
SOURCE_LANGUAGE = "id"

#: Help text of every `<field>_en` column, so the admin says the same thing everywhere.
ENGLISH_HELP = _("Optional. Shown on English pages; if empty they show the Indonesian.")


@dataclass(frozen=True)
class LocalizedText:
    """A text and the language it is in (for the element's `lang` attribute)."""

    text: str
    lang: str

    def __str__(self) -> str:
        return self.text

    @property
    def lines(self) -> list[str]:
        """The non-empty lines (learning goals are typed one per line)."""
        return [line.strip() for line in self.text.splitlines() if line.strip()]


def localized(obj: object, field: str, *, language: str | None = None) -> LocalizedText:
    """`obj.<field>_en` on an English page when it is filled, else `obj.<field>` (Indonesian).

    `language` defaults to the active one (the page's). A record without an English twin for
    `field` simply answers its own text: the rule never fails on a page.
    """
    language = (language or get_language() or settings.LANGUAGE_CODE).split("-")[0]
    source = getattr(obj, field, "") or ""
    if language != SOURCE_LANGUAGE:
        english = (getattr(obj, f"{field}_en", "") or "").strip()
        if english:
            return LocalizedText(english, language)
    return LocalizedText(source, SOURCE_LANGUAGE)


def english_fieldset(*fields: str) -> tuple:
    """The admin form's collapsed "English (optional)" group of `<field>_en` columns: one
    look on every form that has them."""
    return (
        _("English (optional)"),
        {
            "classes": ["collapse"],
            "fields": list(fields),
            "description": _(
                "English versions of the public text, for the English pages. Leave empty to "
                "show the Indonesian there."
            ),
        },
    )
