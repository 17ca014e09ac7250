"""`draft_report --event SLUG [--language id|en] [--user USERNAME]`: print an event's report
drafted from its records (trainings/report_draft.py), for scripts and bulk runs.

As the export and paperwork commands: `--user` applies that user's scope (without it the system
user, national), and every bad argument exits with status 2. It only prints: the event's report
is written from the admin, where the coordinator edits it first.
"""

from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from core.commands import PortalCommand
from trainings.models import TrainingEvent
from trainings.paperwork.command import PaperworkCommand
from trainings.report_draft import LANGUAGES, draft_report


class Command(PortalCommand):
    help = "Print the event's report drafted from its records (not saved)."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--event", required=True, metavar="SLUG", help="the event's slug")
        parser.add_argument(
            "--language", choices=LANGUAGES, default="id", help="draft language (default id)"
        )
        parser.add_argument(
            "--user",
            metavar="USERNAME",
            help="as this user: their regional scope applies (default: the system user, national)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(options["language"]):
            user = PaperworkCommand._user(options["user"])  # exits 2 for an unknown user
            event = TrainingEvent.objects.in_scope(user).filter(slug=options["event"]).first()
            if event is None:
                raise CommandError(
                    _("No event “%(slug)s” in this user's scope.") % {"slug": options["event"]},
                    returncode=2,
                )
            self.stdout.write(draft_report(event=event, user=user, language=options["language"]))
