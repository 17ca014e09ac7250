from django.utils.translation import gettext as _

from core.commands import PortalCommand
from monitoring.demo import demo_reports_seed


class Command(PortalCommand):
    help = (
        "Add a year of SAMPLE monthly reports to the demo's 12 Bali libraries (run after "
        "seed_demo); running it again adds only the months not there yet."
    )

    def handle(self, *args, **options):
        result = demo_reports_seed()
        self.stdout.write(
            _(
                "Demo reports: %(created)s new sample reports for %(libraries)s libraries, "
                "%(first)s to %(last)s."
            )
            % {
                "created": result.created,
                "libraries": result.libraries,
                "first": f"{result.months[0]:%Y-%m}",
                "last": f"{result.months[-1]:%Y-%m}",
            }
        )
