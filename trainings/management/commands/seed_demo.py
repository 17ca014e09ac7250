from django.core.management.base import BaseCommand

from trainings.demo import demo_seed


class Command(BaseCommand):
    help = "Create (or bring up to date) the Bali 2021 Bimtek demo of the seed article."

    def handle(self, *args, **options):
        result = demo_seed()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo: {result.event.title} ({result.event.start_date:%d-%m-%Y} – "
                f"{result.event.end_date:%d-%m-%Y}), {result.libraries} village libraries, "
                f"{result.participants} sample participants, {result.attendance} attendance rows, "
                f"{result.screenings} health screenings."
            )
        )
