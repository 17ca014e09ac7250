"""Compile the .po catalogues to .mo with Babel, so no GNU gettext is needed on the machine."""

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from core.commands import PortalCommand


class Command(PortalCommand):
    help = "Compile every locale/*/LC_MESSAGES/*.po to .mo (pure Python; no gettext needed)."

    def handle(self, *args, **options):
        compiled = 0
        for locale_dir in settings.LOCALE_PATHS:
            for po_path in sorted(Path(locale_dir).glob("*/LC_MESSAGES/*.po")):
                mo_path = po_path.with_suffix(".mo")
                if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                    continue
                try:
                    with po_path.open("rb") as handle:
                        catalog = read_po(handle, locale=po_path.parent.parent.name)
                except Exception as exc:  # Babel raises several kinds on a broken file
                    raise CommandError(f"{po_path}: {exc}") from exc
                with mo_path.open("wb") as handle:
                    write_mo(handle, catalog)
                compiled += 1
        self.stdout.write(_("Translations: %(count)s catalogue(s) compiled.") % {"count": compiled})
