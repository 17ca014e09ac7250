from typing import IO, Any

from django.utils.translation import gettext as _

from trainings.models import TrainingEvent
from trainings.paperwork import documents
from trainings.paperwork.badges import PER_PAGE
from trainings.paperwork.command import PaperworkCommand


class Command(PaperworkCommand):
    help = "Write the name badges of the event's participants (8 per A4 page) as a PDF."

    def make(
        self, *, event: TrainingEvent, user: Any, options: dict[str, Any], out: IO[bytes]
    ) -> str:
        pdf, count = documents.badges_for(event=event, user=user, language=options["language"])
        out.write(pdf)
        pages = max(1, -(-count // PER_PAGE))
        return _("%(count)s badges on %(pages)s pages") % {"count": count, "pages": pages}
