"""python manage.py import_participants --event SLUG FILE [--commit] …: the importer on the
command line. A dry run (a preview) unless --commit. Without --user it runs as the system user
(`core.system`), a superuser and so national."""

from __future__ import annotations

import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core.commands import PortalCommand
from core.system import system_user
from core.tabular import TableError, check_size
from trainings.importing import ERROR, ImportReport, RowMessage, participants_import
from trainings.models import TrainingEvent

EXIT_OK, EXIT_ROW_ERRORS, EXIT_UNUSABLE = 0, 1, 2


class Command(PortalCommand):
    help = (
        "Import participant registrations (CSV or XLSX) into a Bimtek event. A dry run that "
        "prints the preview unless --commit. Without --user the import runs as a national "
        "administrator (every region in scope). Exit code 0: it would write / wrote rows; "
        "1: some rows have errors (valid rows are still written with --commit unless "
        "--strict); 2: unusable file or argument."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the CSV or XLSX file")
        parser.add_argument("--event", required=True, help="the event's slug")
        parser.add_argument(
            "--user",
            help=(
                "import as this user (their regional scope "
                "applies); default: a national administrator"
            ),
        )
        parser.add_argument("--commit", action="store_true", help="write (default: preview only)")
        parser.add_argument(
            "--strict", action="store_true", help="write nothing if any row has an error"
        )
        parser.add_argument("--sheet", help="the XLSX sheet to read (default: the first)")
        parser.add_argument(
            "--create-libraries",
            action="store_true",
            help="create the library of a village that has none yet",
        )
        parser.add_argument(
            "--all-rows", action="store_true", help="list every row (default: rows with messages)"
        )

    def execute(self, *args, **options):
        # Argument errors exit with 2 too (CommandError's default returncode is 1).
        try:
            return super().execute(*args, **options)
        except CommandError as exc:
            if getattr(exc, "returncode", 1) == EXIT_UNUSABLE:
                raise
            raise CommandError(str(exc), returncode=EXIT_UNUSABLE) from exc

    def handle(self, *args, **options) -> None:
        event = TrainingEvent.objects.filter(slug=options["event"]).first()
        if event is None:
            raise CommandError(
                _("No event with the slug “%(slug)s”.") % {"slug": options["event"]},
                returncode=EXIT_UNUSABLE,
            )
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(
                    _("No user “%(name)s”.") % {"name": options["user"]}, returncode=EXIT_UNUSABLE
                )
        else:
            user = system_user()  # national; history and the audit record name it
        path = Path(options["file"])
        try:
            check_size(path.stat().st_size)
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(
                _("Cannot read %(file)s: %(error)s") % {"file": path, "error": exc.strerror},
                returncode=EXIT_UNUSABLE,
            ) from None
        except TableError as exc:
            raise CommandError(exc.message, returncode=EXIT_UNUSABLE) from None
        try:
            report = participants_import(
                event=event,
                user=user,
                data=data,
                filename=path.name,
                sheet=options["sheet"],
                create_libraries=options["create_libraries"],
                strict=options["strict"],
                commit=options["commit"],
            )
        except TableError as exc:
            raise CommandError(exc.message, returncode=EXIT_UNUSABLE) from None
        self._print(report, all_rows=options["all_rows"], commit=options["commit"])
        if report.has_errors:
            sys.exit(EXIT_ROW_ERRORS)

    def _print(self, report: ImportReport, *, all_rows: bool, commit: bool) -> None:
        write = self.stdout.write
        table = report.table
        where = f", {_('sheet')} “{table.sheet}”" if table.sheet else ""
        write(
            _("File: %(file)s (%(format)s%(where)s), sha256 %(sha)s")
            % {
                "file": report.filename,
                "format": table.format.upper(),
                "where": where,
                "sha": report.sha256[:16],
            }
        )
        write(_("Event: %(event)s [%(slug)s]") % {"event": report.event, "slug": report.event.slug})
        write(_("Header row: %(row)d") % {"row": table.header_row_number})
        write(
            _("Columns recognised: %(cols)s")
            % {"cols": "; ".join(f"{h} → {c}" for h, c in report.columns)}
        )
        write(_("Columns ignored: %(cols)s") % {"cols": "; ".join(report.ignored) or "—"})
        for row in report.rows:
            if all_rows or row.messages:
                label = pgettext("import outcome", row.outcome).upper()
                if all_rows and row.outcome != ERROR:
                    write(f"  {label:<9} {RowMessage(row.number, '', row.summary())}")
                    label = ""
                for message in row.message_texts:
                    write(f"  {label:<9} {message}")
        counts = report.counts
        write(
            _(
                "Rows: %(total)d — new %(new)d, update %(update)d, "
                "duplicate %(duplicate)d, error %(error)d"
            )
            % {"total": len(report.rows), **counts}
        )
        if commit:
            if report.committed:
                write(
                    self.style.SUCCESS(
                        _(
                            "Written: %(created)d created, %(updated)d "
                            "updated (audit record %(audit)s)."
                        )
                        % {
                            "created": len(report.created_pks),
                            "updated": len(report.updated_pks),
                            "audit": report.audit_id,
                        }
                    )
                )
                for library in report.libraries_created:
                    write(_("Library created: %(library)s") % {"library": library})
            elif report.strict and report.has_errors:
                write(
                    self.style.ERROR(
                        _("Nothing written: --strict and %(n)d rows have errors.")
                        % {"n": counts[ERROR]}
                    )
                )
            else:
                write(_("Nothing to write."))
        else:
            write(_("Dry run: nothing written. Add --commit to import."))
