"""The Indonesian catalogue is complete; the English one exists; both compile without gettext."""

from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

LOCALE = Path(settings.BASE_DIR) / "locale"


def test_indonesian_catalogue_has_no_untranslated_or_fuzzy_entry():
    with (LOCALE / "id/LC_MESSAGES/django.po").open("rb") as handle:
        catalog = read_po(handle, locale="id")
    assert len(catalog) > 100
    untranslated, fuzzy = [], []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings):
            untranslated.append(message.id)
        if message.fuzzy:
            fuzzy.append(message.id)
    assert untranslated == []
    assert fuzzy == []


def test_english_catalogue_exists_for_every_string():
    with (LOCALE / "en/LC_MESSAGES/django.po").open("rb") as handle:
        english = {m.id for m in read_po(handle, locale="en") if m.id}
    with (LOCALE / "id/LC_MESSAGES/django.po").open("rb") as handle:
        indonesian = {m.id for m in read_po(handle, locale="id") if m.id}
    assert english == indonesian


@pytest.mark.parametrize(
    ("language", "expected"),
    [("id", "Penerima manfaat"), ("en", "Beneficiaries")],
)
def test_compiled_catalogue_translates_the_public_strings(language, expected):
    call_command("compile_translations", verbosity=0)
    with translation.override(language):
        assert translation.gettext("Beneficiaries") == expected
        assert translation.ngettext("%(counter)s day", "%(counter)s days", 5) % {"counter": 5} in (
            "5 hari",
            "5 days",
        )
