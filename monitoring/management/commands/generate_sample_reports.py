from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from core.commands import PortalCommand
from monitoring.sample_data import sample_reports_generate, sample_reports_remove


class Command(PortalCommand):
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
            removed = sample_reports_remove()
            self.stdout.write(_("Removed %(count)s sample reports.") % {"count": removed})
            return
        if not 1 <= options["months"] <= 600:
            raise CommandError(_("--months must be between 1 and 600."), returncode=2)
        result = sample_reports_generate(
            months=options["months"],
            seed=options["seed"],
            progress=lambda message: self.stderr.write(message),
        )
        self.stdout.write(
            _(
                "Sample reports: %(reports)s reports for %(libraries)s libraries "
                "(%(months)s months) in %(seconds).1f s."
            )
            % {
                "reports": result.reports,
                "libraries": result.libraries,
                "months": options["months"],
                "seconds": result.seconds,
            }
        )
