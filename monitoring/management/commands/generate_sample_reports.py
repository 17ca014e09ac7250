from django.core.management.base import BaseCommand, CommandError

from monitoring.sample_data import sample_reports_generate, sample_reports_remove


class Command(BaseCommand):
    help = (
        "SYNTHETIC monthly reports for every sample library of generate_sample_data (run it "
        "first): --months months each up to the last due month, some missing, late or draft, "
        "marked as sample data; replaces an earlier run. --remove deletes them (do that before "
        "running generate_sample_data again)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--months", type=int, default=120, metavar="N")
        parser.add_argument("--seed", type=int, default=2024)
        parser.add_argument("--remove", action="store_true")

    def handle(self, *args, **options):
        if options["remove"]:
            self.stdout.write(f"Removed {sample_reports_remove()} sample reports.")
            return
        if not 1 <= options["months"] <= 600:
            raise CommandError("--months must be between 1 and 600.", returncode=2)
        result = sample_reports_generate(
            months=options["months"],
            seed=options["seed"],
            progress=lambda message: self.stderr.write(message),
        )
        self.stdout.write(
            f"Sample reports: {result.reports} reports for {result.libraries} libraries "
            f"({options['months']} months) in {result.seconds:.1f} s."
        )
