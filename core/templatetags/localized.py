"""`{% localized obj "field" as text %}`: a record's public text in the page's language.

`text` is a `core.localized.LocalizedText`: print `{{ text }}` (or `{{ text.text|linebreaks }}`,
`text.lines`) inside an element carrying `lang="{{ text.lang }}"`, so an English page that
falls back to the Indonesian marks it `lang="id"`.
"""

from django import template

from core.localized import LocalizedText
from core.localized import localized as localized_text

register = template.Library()


@register.simple_tag
def localized(obj: object, field: str) -> LocalizedText:
    return localized_text(obj, field)
