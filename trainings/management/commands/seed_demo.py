from django.utils.translation import gettext as _

from core.commands import PortalCommand
from trainings.demo import demo_seed


class Command(PortalCommand):
    help = "Create (or bring up to date) the Bali 2021 Bimtek demo of the seed article."

    def handle(self, *args, **options):
        result = demo_seed()
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Demo: %(title)s (%(start)s – %(end)s), %(libraries)s village libraries, "
                    "%(participants)s sample participants, %(attendance)s attendance rows, "
                    "%(screenings)s health screenings."
                )
                % {
                    "title": result.event.title,
                    "start": f"{result.event.start_date:%d-%m-%Y}",
                    "end": f"{result.event.end_date:%d-%m-%Y}",
                    "libraries": result.libraries,
                    "participants": result.participants,
                    "attendance": result.attendance,
                    "screenings": result.screenings,
                }
            )
        )
