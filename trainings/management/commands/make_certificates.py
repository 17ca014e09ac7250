from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext as _

from trainings.models import Participant, TrainingEvent
from trainings.paperwork import documents
from trainings.paperwork.certificates import certificates_zip_write
from trainings.paperwork.command import PaperworkCommand
from trainings.paperwork.services import participants_meeting_threshold


class Command(PaperworkCommand):
    help = (
        "Write the event's certificates (one PDF each) into a ZIP, issuing the missing ones for "
        "participants who meet the attendance threshold when the user may change the event. "
        "The QR codes point to LIBPORTAL_PUBLIC_URL."
    )

    def make(
        self, *, event: TrainingEvent, user: Any, options: dict[str, Any], out: IO[bytes]
    ) -> str:
        certificates = documents.certificates_for(event=event, user=user)
        count = certificates_zip_write(
            certificates.iterator(chunk_size=200),
            out,
            base_url=settings.LIBPORTAL_PUBLIC_URL,
            language=options["language"],
        )
        meeting = participants_meeting_threshold(event, Participant.objects.in_scope(user)).count()
        return _(
            "%(count)s certificates; %(meeting)s participants meet the attendance threshold "
            "(%(days)s of %(total)s days)"
        ) % {
            "count": count,
            "meeting": meeting,
            "days": event.certificate_days_required,
            "total": event.duration_days,
        }
