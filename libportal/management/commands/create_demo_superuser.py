from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

DEMO_USERNAME = "admin"
DEMO_PASSWORD = "libportal-demo"


class Command(BaseCommand):
    help = "Create the local demo superuser (only with DJANGO_DEBUG on; never in production)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "The demo superuser is only created with debugging on (DJANGO_DEBUG=1)."
            )
        User = get_user_model()
        user, created = User.objects.get_or_create(
            username=DEMO_USERNAME, defaults={"is_staff": True, "is_superuser": True}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        self.stdout.write(
            self.style.SUCCESS(
                f"Admin: http://127.0.0.1:8000/admin/ — user {DEMO_USERNAME!r}, "
                f"password {DEMO_PASSWORD!r} (local demo only)"
                + ("" if created else "; the user already existed, its password was left as it is")
            )
        )
