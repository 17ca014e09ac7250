from django.core.management.base import BaseCommand, CommandError

from trainings.sample_data import sample_data_generate


class Command(BaseCommand):
    help = (
        "Fill the database with SYNTHETIC national-scale data for benchmarks: all regions, "
        "province, regency/city and thousands of village libraries, ten cycles 2015–2024 with "
        "central and replication beneficiaries, thousands of events and N participants. "
        "Every row is marked as sample data (is_sample, '(sampel)', example.org); a new run "
        "replaces the previous run's rows and never touches real records or the demo."
    )

    def add_arguments(self, parser):
        parser.add_argument("--participants", type=int, required=True, metavar="N")
        parser.add_argument("--libraries", type=int, default=5000, metavar="N")
        parser.add_argument("--events", type=int, default=3000, metavar="N")
        parser.add_argument("--seed", type=int, default=2024)

    def handle(self, *args, **options):
        for key in ("participants", "libraries", "events"):
            if options[key] < 1:
                raise CommandError(f"--{key} must be at least 1.", returncode=2)
        result = sample_data_generate(
            participants=options["participants"],
            libraries=options["libraries"],
            events=options["events"],
            seed=options["seed"],
            progress=lambda message: self.stderr.write(message),
        )
        self.stdout.write(
            f"Sample data: {result.libraries} libraries, {result.beneficiaries} beneficiaries, "
            f"{result.events} events, {result.participants} participants "
            f"in {result.seconds:.1f} s."
        )
