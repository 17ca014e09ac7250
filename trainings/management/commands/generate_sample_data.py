from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from core.commands import PortalCommand
from trainings.sample_data import sample_data_generate


class Command(PortalCommand):
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
                raise CommandError(
                    _("--%(option)s must be at least 1.") % {"option": key}, returncode=2
                )
        result = sample_data_generate(
            participants=options["participants"],
            libraries=options["libraries"],
            events=options["events"],
            seed=options["seed"],
            progress=lambda message: self.stderr.write(message),
        )
        self.stdout.write(
            _(
                "Sample data: %(libraries)s libraries, %(beneficiaries)s beneficiaries, "
                "%(events)s events, %(participants)s participants in %(seconds).1f s."
            )
            % {
                "libraries": result.libraries,
                "beneficiaries": result.beneficiaries,
                "events": result.events,
                "participants": result.participants,
                "seconds": result.seconds,
            }
        )
