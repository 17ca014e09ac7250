from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from core.commands import PortalCommand

DEMO_USERNAME = "admin"
DEMO_PASSWORD = "libportal-demo"
# The demo's library operator (issue 13): the operator of Perpustakaan Desa Mengwi's village.
DEMO_OPERATOR_USERNAME = "operator-mengwi"
DEMO_OPERATOR_VILLAGE = "51.03.02.2009"


class Command(PortalCommand):
    help = (
        "Create the local demo superuser and, once the demo is seeded, the operator of "
        "Perpustakaan Desa Mengwi (only with DJANGO_DEBUG on; never in production)."
    )

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
        self._demo_operator(url.rstrip("/"))

    def _demo_operator(self, url: str) -> None:
        """The operator of the demo's Mengwi library (same password), if the demo is seeded;
        like the superuser, an existing user is left as it is."""
        from portal.services import user_access_grant
        from villages.models import UserScope, VillageLibrary

        library = VillageLibrary.objects.filter(village_id=DEMO_OPERATOR_VILLAGE).first()
        if library is None:
            return
        User = get_user_model()
        user, created = User.objects.get_or_create(
            username=DEMO_OPERATOR_USERNAME, defaults={"is_staff": True}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
            user_access_grant(
                user=user,
                level=UserScope.Level.LIBRARY,
                code=library.slug,
                contacts=False,
                health=False,
            )
        self.stdout.write(
            _(
                "Library operator of %(library)s: %(url)s/admin/ — user %(user)s, "
                "password %(password)s"
            )
            % {
                "library": library,
                "url": url,
                "user": DEMO_OPERATOR_USERNAME,
                "password": DEMO_PASSWORD,
            }
        )
