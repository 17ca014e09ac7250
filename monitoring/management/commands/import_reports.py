"""`manage.py import_reports --month YYYY-MM FILE [--commit] [--user USERNAME]`: a regency's
sheet of monthly figures, one row per library (CSV or XLSX, as offices make them).

A dry run printing the plan unless --commit; all or nothing. Exit 0 when it would write / wrote,
1 when rows have errors (nothing written), 2 for an unusable file or argument (nothing written).
"""

from __future__ import annotations

import datetime
import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core.commands import PortalCommand
from core.importing import EXIT_ROW_ERRORS, EXIT_UNUSABLE
from core.system import system_user
from core.tabular import TableError, check_size
from monitoring.importing import CHANGED, ERROR, NEW, UNCHANGED, reports_import


class Command(PortalCommand):
    help = "Import a month's figures of many libraries (one row per library) from a sheet."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--month", required=True, help="the reported month, YYYY-MM")
        parser.add_argument("--commit", action="store_true", help="write (default: preview)")
        parser.add_argument("--user", help="who imports (default: the system user, national)")

    def execute(self, *args, **options):
        try:
            return super().execute(*args, **options)
        except CommandError as exc:
            if getattr(exc, "returncode", 1) == EXIT_UNUSABLE:
                raise
            raise CommandError(str(exc), returncode=EXIT_UNUSABLE) from exc

    def handle(self, *args, **options) -> None:
        try:
            month = datetime.datetime.strptime(options["month"], "%Y-%m").date()
        except ValueError:
            raise CommandError(
                _("--month must be YYYY-MM, e.g. 2026-03."), returncode=EXIT_UNUSABLE
            ) from None
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
            result = reports_import(
                user=user,
                month=month,
                data=path.read_bytes(),
                filename=path.name,
                commit=options["commit"],
            )
        except OSError as exc:
            raise CommandError(
                _("Cannot read %(file)s: %(error)s") % {"file": path, "error": exc.strerror},
                returncode=EXIT_UNUSABLE,
            ) from None
        except TableError as exc:
            raise CommandError(exc.message, returncode=EXIT_UNUSABLE) from None
        except PermissionDenied as exc:
            raise CommandError(str(exc), returncode=EXIT_UNUSABLE) from None
        write = self.stdout.write
        for note in result.skipped:
            write(f"  {note}")
        for row in result.rows:
            for message in row.messages:
                write(f"  [{pgettext('import outcome', row.outcome)}] {message}")
        counts = result.counts
        write(
            _(
                "%(month)s: %(new)d new, %(changed)d changed, %(unchanged)d unchanged, "
                "%(error)d with errors."
            )
            % {
                "month": month.strftime("%Y-%m"),
                "new": counts[NEW],
                "changed": counts[CHANGED],
                "unchanged": counts[UNCHANGED],
                "error": counts[ERROR],
            }
        )
        if result.committed:
            write(_("Written: %(count)d reports.") % {"count": result.written})
        elif options["commit"] and not result.has_errors:
            write(_("Nothing written: every report is already as the file says."))
        elif result.has_errors:
            write(_("Nothing written: correct the rows above (all or nothing)."))
        else:
            write(_("Preview only: nothing written (add --commit to write)."))
        if result.has_errors:
            sys.exit(EXIT_ROW_ERRORS)
