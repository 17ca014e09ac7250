import time
from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from core.commands import PortalCommand
from villages.regions import DATA_DIR, RegionFileError, regions_load


class Command(PortalCommand):
    help = "Load the official provinces, regencies, districts and villages (Kemendagri codes)."

    def add_arguments(self, parser):
        parser.add_argument("--province", metavar="CODE", help="Load only this province, e.g. 51.")
        parser.add_argument(
            "--data-dir",
            type=Path,
            default=DATA_DIR,
            help="Folder with provinces/regencies/districts/villages.csv.gz "
            "(default: the shipped data).",
        )

    def handle(self, *args, province=None, data_dir=DATA_DIR, **options):
        started = time.perf_counter()
        try:
            result = regions_load(data_dir=data_dir, province=province)
        except RegionFileError as exc:
            raise CommandError(str(exc)) from exc
        elapsed = time.perf_counter() - started
        for level in result.levels:
            self.stdout.write(
                _(
                    "%(name)s: %(total)d in the list — %(created)d created, %(updated)d updated, "
                    "%(unchanged)d unchanged"
                )
                % {
                    "name": level.name,
                    "total": level.total,
                    "created": level.created,
                    "updated": level.updated,
                    "unchanged": level.unchanged,
                }
            )
        if result.changed:
            self.stdout.write(
                self.style.SUCCESS(_("Regions loaded in %(s).1f s.") % {"s": elapsed})
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    _("No change: every region was already up to date (%(s).1f s).")
                    % {"s": elapsed}
                )
            )
