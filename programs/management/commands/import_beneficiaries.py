"""`manage.py import_beneficiaries --cycle YEAR FILE [--commit] [--strict] [--user USERNAME]`:
a decree's annex (CSV or XLSX, as published: title rows, numbered rows) into a cycle.

A dry run printing the preview unless --commit. Exit 0 when it would write / wrote, 1 when rows
have errors, 2 for an unusable file or argument (nothing written)."""

from __future__ import annotations

import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core.commands import PortalCommand
from core.importing import DUPLICATE, ERROR, EXIT_ROW_ERRORS, EXIT_UNUSABLE, NEW
from core.system import system_user
from core.tabular import TableError, check_size
from programs.importing import beneficiaries_import
from programs.models import ProgramCycle


class Command(PortalCommand):
    help = "Import a selection decree's annex (the beneficiary libraries) into a cycle."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--cycle", required=True, type=int, help="the cycle's year")
        parser.add_argument("--commit", action="store_true", help="write (default: preview)")
        parser.add_argument("--strict", action="store_true", help="write nothing if a row fails")
        parser.add_argument("--user", help="who imports (default: the system user, national)")

    def execute(self, *args, **options):
        try:
            return super().execute(*args, **options)
        except CommandError as exc:
            if getattr(exc, "returncode", 1) == EXIT_UNUSABLE:
                raise
            raise CommandError(str(exc), returncode=EXIT_UNUSABLE) from exc

    def handle(self, *args, **options) -> None:
        cycle = ProgramCycle.objects.filter(year=options["cycle"]).order_by("pk").first()
        if cycle is None:
            raise CommandError(
                _("There is no program cycle for %(year)s.") % {"year": options["cycle"]},
                returncode=EXIT_UNUSABLE,
            )
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
            data = path.read_bytes()
            report = beneficiaries_import(
                cycle=cycle,
                user=user,
                data=data,
                filename=path.name,
                strict=options["strict"],
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
            if row.outcome == ERROR or row.messages:
                for message in row.messages:
                    write(f"  [{pgettext('import outcome', row.outcome)}] {message}")
        counts = report.counts
        write(
            _("%(new)d new, %(duplicate)d duplicate, %(error)d with errors (cycle %(year)s).")
            % {
                "new": counts[NEW],
                "duplicate": counts[DUPLICATE],
                "error": counts[ERROR],
                "year": cycle.year,
            }
        )
        if report.committed:
            write(
                _("Written: %(count)d beneficiaries, %(libraries)d libraries created.")
                % {"count": len(report.created_pks), "libraries": len(report.libraries_created)}
            )
        elif options["commit"]:
            write(_("Nothing written."))
        else:
            write(_("Preview only: nothing written (add --commit to write)."))
        if report.has_errors:
            sys.exit(EXIT_ROW_ERRORS)
