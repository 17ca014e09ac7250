"""Delete background jobs' files older than LIBPORTAL_JOB_FILES_DAYS (the workers also do it
on their own, every maintenance round); for cron on machines that run no worker."""

from django.utils.translation import gettext as _

from core.commands import PortalCommand
from core.jobs.services import jobs_cleanup


class Command(PortalCommand):
    help = "Delete expired background-job files and their records."

    def handle(self, **options):
        removed = jobs_cleanup()
        self.stdout.write(_("%(count)s expired job(s) removed.") % {"count": removed})
