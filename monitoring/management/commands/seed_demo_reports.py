from django.core.management.base import BaseCommand

from monitoring.demo import demo_reports_seed


class Command(BaseCommand):
    help = (
        "Add a year of SAMPLE monthly reports to the demo's 12 Bali libraries (run after "
        "seed_demo); running it again adds only the months not there yet."
    )

    def handle(self, *args, **options):
        result = demo_reports_seed()
        self.stdout.write(
            f"Demo reports: {result.created} new sample reports for {result.libraries} "
            f"libraries, {result.months[0]:%Y-%m} to {result.months[-1]:%Y-%m}."
        )
