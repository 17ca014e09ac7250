"""The shared shape of the export management commands (export_participants, export_beneficiaries).

Every bad argument (unknown event, format, column, user or region) ends with a clear message and
exit code 2, before the output file is touched; a failure while writing removes the partial file.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from .commands import PortalCommand
from .exporters import Exporter, ExportError, render
from .system import system_user


class ExportCommand(PortalCommand):
    """Exports a list with its exporter through `core.exporters.render`, which records the
    export on the audit trail (as the system user unless ``--user`` is given). Its
    ``--language`` chooses the file's headers and labels, and the messages follow it."""

    exporter_class: type[Exporter]
    what = "rows"
    # The system checks validate the project's configuration (``manage.py check --deploy`` in
    # deployment, and the test suite); run before every export they cost a third of a second.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--event", metavar="SLUG", help="only this training event (its slug)")
        parser.add_argument("--cycle", metavar="YEAR", help="only this program cycle (budget year)")
        parser.add_argument("--province", metavar="CODE", help="only this province, e.g. 51")
        parser.add_argument("--regency", metavar="CODE", help="only this regency/city, e.g. 51.03")
        parser.add_argument(
            "--columns",
            metavar="a,b,…",
            help="columns, comma-separated (default: every column the user may see); one of: "
            + ", ".join(c.key for c in self.exporter_class.columns),
        )
        parser.add_argument(
            "--user",
            metavar="USERNAME",
            help="export as this user: their regional scope and permissions apply. Without it the "
            "command runs as the system user, national (every region, contacts included; health "
            "results only if asked for with --columns).",
        )
        parser.add_argument(
            "--format",
            required=True,
            choices=list(self.exporter_class.formats),
            help="csv (comma), csv-semicolon (Excel in the Indonesian locale), xlsx or pdf",
        )
        parser.add_argument(
            "--output", required=True, metavar="FILE", help="file to write, or - for stdout"
        )
        parser.add_argument(
            "--language", choices=["id", "en"], default="id", help="headers and labels (default id)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(
                    _("Unknown user “%(name)s”.") % {"name": options["user"]}, returncode=2
                )
        else:
            user = system_user()
        columns = [c for c in (options["columns"] or "").split(",") if c.strip()] or None
        filters = {k: options[k] for k in ("event", "cycle", "province", "regency")}
        with translation.override(options["language"]):
            try:
                exporter = self.exporter_class(
                    user=user, filters=filters, columns=columns, language=options["language"]
                )
                exporter.check_format(options["format"])
            except ExportError as error:
                raise CommandError(str(error), returncode=2) from None
            started = time.perf_counter()
            count = self._write(exporter, options["format"], options["output"])
        elapsed = time.perf_counter() - started
        if options["output"] != "-":
            self.stderr.write(
                _("%(path)s: %(count)s %(what)s in %(seconds).2f s")
                % {
                    "path": options["output"],
                    "count": count,
                    "what": self.what,
                    "seconds": elapsed,
                }
            )

    def _write(self, exporter: Exporter, fmt: str, output: str) -> int:
        if output == "-":
            try:
                count = render(exporter, fmt, sys.stdout.buffer)
                sys.stdout.buffer.flush()
                return count
            except ExportError as error:
                raise CommandError(str(error), returncode=2) from None
        directory = os.path.dirname(os.path.abspath(output))
        if not os.path.isdir(directory):
            raise CommandError(_("No such directory: %(path)s") % {"path": directory}, returncode=2)
        # Write beside the target and rename: all or nothing, never a half file.
        fd, partial = tempfile.mkstemp(prefix=".export-", dir=directory)
        try:
            # A large buffer: COPY hands over one row per write() call.
            with os.fdopen(fd, "wb", buffering=1024 * 1024) as out:
                count = render(exporter, fmt, out)
            # mkstemp makes the file private (0600); give it the usual permissions instead.
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(partial, 0o666 & ~umask)
            os.replace(partial, output)
        except ExportError as error:
            os.unlink(partial)
            raise CommandError(str(error), returncode=2) from None
        except BaseException:
            os.unlink(partial)
            raise
        return count
