from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

DEMO_USERNAME = "admin"
DEMO_PASSWORD = "libportal-demo"


class Command(BaseCommand):
    help = "Create the local demo superuser (only with DJANGO_DEBUG on; never in production)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--url", default="http://127.0.0.1:8000", help="Where the portal is served."
        )

    def handle(self, *args, url: str, **options):
        if not settings.DEBUG:
            raise CommandError(
                _("The demo superuser is only created with debugging on (DJANGO_DEBUG=1).")
            )
        User = get_user_model()
        user, created = User.objects.get_or_create(
            username=DEMO_USERNAME, defaults={"is_staff": True, "is_superuser": True}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        message = _(
            "Admin: %(url)s/admin/ — user %(user)s, password %(password)s (local demo only)"
        )
        if not created:
            message += _("; the user already existed, its password was left as it is")
        self.stdout.write(
            self.style.SUCCESS(
                message % {"url": url.rstrip("/"), "user": DEMO_USERNAME, "password": DEMO_PASSWORD}
            )
        )
