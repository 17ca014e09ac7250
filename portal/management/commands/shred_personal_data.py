"""`manage.py shred_personal_data [--dry-run]`: remove the personal data past its retention.

The same function as the future scheduled job (`portal.privacy_services.personal_data_shred`).
A dry run prints what would go and writes nothing (not even the system user's row).
"""

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from core.commands import PortalCommand
from core.privacy import period_text
from core.system import system_user
from portal.privacy_services import personal_data_shred, personal_data_shred_preview


class Command(PortalCommand):
    help = (
        "Remove personal data past its retention period (UU PDP 27/2022): health screenings, "
        "contact details, old audit records, history included. --dry-run only counts."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="print what would be removed; write nothing"
        )

    def handle(self, *args, dry_run: bool = False, **options):
        try:
            if dry_run:
                report = personal_data_shred_preview()
            else:
                report = personal_data_shred(user=system_user())
        except ImproperlyConfigured as error:
            raise CommandError(str(error), returncode=2) from error

        heading = _("Past retention on %(date)s:") if report.dry_run else _("Removed on %(date)s:")
        self.stdout.write(heading % {"date": f"{report.today:%Y-%m-%d}"})
        kind, period, cutoff = _("kind"), _("period"), _("cutoff")
        rows, history_rows = _("rows"), _("history rows")
        self.stdout.write(f"  {kind:<26} {period:>10}  {cutoff:<10}  {rows:>7}  {history_rows:>13}")
        for result in report.kinds:
            self.stdout.write(
                f"  {result.kind.key:<26} {period_text(result.days):>10}  "
                f"{result.cutoff:%Y-%m-%d}  {result.count.rows:>7}  "
                f"{result.count.history_rows:>13}"
            )
        if report.dry_run:
            self.stdout.write(_("Dry run: nothing was removed or written."))
        else:
            self.stdout.write(
                _("Done: %(rows)s rows; audit record #%(id)s (action “shred”, user “%(user)s”).")
                % {"rows": report.total_rows, "id": report.audit.pk, "user": report.audit.user}
            )
