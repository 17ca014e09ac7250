"""`manage.py import_indicators FILE [--commit] [--year YEAR] [--source TEXT] [--sample]`: the
literacy development index (IPLM) per regency/city and province, as Perpusnas publishes it.

A dry run printing the preview unless --commit. All or nothing: a file with a row error writes
nothing. Exit 0 when it would write / wrote (or nothing changed), 2 when the file cannot be used
or a row has an error (nothing written)."""

from __future__ import annotations

import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core.commands import PortalCommand
from core.importing import ERROR, EXIT_UNUSABLE
from core.system import system_user
from core.tabular import TableError, check_size
from villages.indicator_import import NEW, UNCHANGED, UPDATE, indicators_import


class Command(PortalCommand):
    help = "Import the literacy development index (IPLM) per regency/city and province."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--commit", action="store_true", help="write (default: preview)")
        parser.add_argument("--year", type=int, help="the year, if the file has no Tahun column")
        parser.add_argument("--source", default="", help="where the figures are published")
        parser.add_argument(
            "--sample", action="store_true", help="mark the values as sample data (demo)"
        )
        parser.add_argument("--user", help="who imports (default: the system user, national)")

    def execute(self, *args, **options):
        try:
            return super().execute(*args, **options)
        except CommandError as exc:
            if getattr(exc, "returncode", 1) == EXIT_UNUSABLE:
                raise
            raise CommandError(str(exc), returncode=EXIT_UNUSABLE) from exc

    def handle(self, *args, **options) -> None:
        user = system_user()
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(
                    _("No user “%(name)s”.") % {"name": options["user"]}, returncode=EXIT_UNUSABLE
                )
        path = Path(options["file"])
        try:
            check_size(path.stat().st_size)
            report = indicators_import(
                user=user,
                data=path.read_bytes(),
                filename=path.name,
                source=options["source"],
                year=options["year"],
                is_sample=options["sample"],
                commit=options["commit"],
            )
        except OSError as exc:
            raise CommandError(
                _("Cannot read %(file)s: %(error)s") % {"file": path, "error": exc.strerror},
                returncode=EXIT_UNUSABLE,
            ) from None
        except TableError as exc:
            raise CommandError(exc.message, returncode=EXIT_UNUSABLE) from None
        write = self.stdout.write
        for row in report.rows:
            for message in row.messages:
                write(f"  [{pgettext('import outcome', row.outcome)}] {message}")
        counts = report.counts
        write(
            _("%(new)d new, %(update)d updated, %(unchanged)d unchanged, %(error)d with errors.")
            % {
                "new": counts[NEW],
                "update": counts[UPDATE],
                "unchanged": counts[UNCHANGED],
                "error": counts[ERROR],
            }
        )
        if report.has_errors:
            write(_("Nothing written: every row must be right (all or nothing)."))
            sys.exit(EXIT_UNUSABLE)
        if report.committed:
            write(_("Written: %(count)d values.") % {"count": len(report.written_pks)})
        elif options["commit"]:
            write(_("Nothing written: nothing changed."))
        else:
            write(_("Preview only: nothing written (add --commit to write)."))
