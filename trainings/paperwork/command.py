"""The shared shape of `make_certificates`, `make_badges` and `make_invitations`.

As the export commands (core/export_command.py): `--user` applies that user's scope (without it
the system user, national); every bad argument (unknown user, event outside the scope, bad
regency, missing directory) exits with status 2 before the output file is touched; the file is
written beside the target and renamed, so a failure never leaves half a document.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from typing import IO, Any

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from core.commands import PortalCommand
from core.system import system_user
from trainings.models import TrainingEvent


class PaperworkCommand(PortalCommand):
    """Its ``--language`` chooses the document's language, and the messages follow it."""

    requires_system_checks: list[str] = []
    suffix = ".pdf"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--event", required=True, metavar="SLUG", help="the event's slug")
        parser.add_argument("--output", required=True, metavar="FILE", help="file to write")
        parser.add_argument(
            "--user",
            metavar="USERNAME",
            help="as this user: their regional scope and permissions apply (default: the "
            "system user, national)",
        )
        parser.add_argument(
            "--language", choices=["id", "en"], default="id", help="document language (default id)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(options["language"]):
            user = self._user(options["user"])
            event = (
                TrainingEvent.objects.in_scope(user)
                .select_related("organiser", "signing_official", "cycle__program")
                .filter(slug=options["event"])
                .first()
            )
            if event is None:
                raise CommandError(
                    _("No event “%(slug)s” in this user's scope.") % {"slug": options["event"]},
                    returncode=2,
                )
            self.check_options(event=event, user=user, options=options)
            started = time.perf_counter()
            summary = self._write(
                options["output"],
                lambda out: self.make(event=event, user=user, options=options, out=out),
            )
            self.stderr.write(
                f"{options['output']}: {summary} ({time.perf_counter() - started:.2f} s)"
            )

    def check_options(self, *, event: TrainingEvent, user: Any, options: dict[str, Any]) -> None:
        """Refuse bad command-specific arguments (CommandError, returncode 2) before writing."""

    def make(
        self, *, event: TrainingEvent, user: Any, options: dict[str, Any], out: IO[bytes]
    ) -> str:
        """Write the document to `out`; return a one-line summary."""
        raise NotImplementedError

    @staticmethod
    def _user(username: str | None) -> Any:
        if not username:
            return system_user()
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(_("Unknown user “%(name)s”.") % {"name": username}, returncode=2)
        return user

    @staticmethod
    def _write(output: str, make: Callable[[IO[bytes]], str]) -> str:
        directory = os.path.dirname(os.path.abspath(output))
        if not os.path.isdir(directory):
            raise CommandError(_("No such directory: %(path)s") % {"path": directory}, returncode=2)
        fd, partial = tempfile.mkstemp(prefix=".paperwork-", dir=directory)
        try:
            with os.fdopen(fd, "wb") as out:
                summary = make(out)
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(partial, 0o666 & ~umask)
            os.replace(partial, output)
        except BaseException:
            os.unlink(partial)
            raise
        return summary
