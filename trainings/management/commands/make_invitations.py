from typing import IO, Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from trainings.models import TrainingEvent
from trainings.paperwork import documents
from trainings.paperwork.command import PaperworkCommand
from trainings.paperwork.invitations import invited_by_regency


class Command(PaperworkCommand):
    help = (
        "Write the invitation letters of the event, one per regency (to its library office), "
        "all in one PDF or only --regency's."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--regency", metavar="CODE", help="only this regency/city, e.g. 51.03")

    def check_options(self, *, event: TrainingEvent, user: Any, options: dict[str, Any]) -> None:
        code = options["regency"]
        if code and not invited_by_regency(event, user=user, regency=code):
            raise CommandError(
                _("No invited libraries of regency “%(code)s” for this event (in this scope).")
                % {"code": code},
                returncode=2,
            )

    def make(
        self, *, event: TrainingEvent, user: Any, options: dict[str, Any], out: IO[bytes]
    ) -> str:
        pdf, letters = documents.invitations_for(
            event=event, user=user, regency=options["regency"], language=options["language"]
        )
        out.write(pdf)
        return _("%(count)s invitation letters") % {"count": letters}
