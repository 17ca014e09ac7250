"""Give a staff user their role and region: `manage.py grant_scope USERNAME --province 51`."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from villages.models import Province, Regency, UserScope
from villages.roles import (
    CONTACT_DATA,
    COORDINATOR,
    HEALTH_DATA,
    NATIONAL_ADMIN,
    ROLE_GROUPS,
    VIEWER,
    roles_sync,
)
from villages.scoping import forget_scope


class Command(BaseCommand):
    help = (
        "Set a staff user's scope (national, one province or one regency), role (coordinator or "
        "viewer) and protected-data permissions. Creates the staff user if missing. The command "
        "sets the user's whole access: --health/--contacts left out are taken away."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        where = parser.add_mutually_exclusive_group(required=True)
        where.add_argument("--national", action="store_true", help="Everything, every region.")
        where.add_argument("--province", metavar="CODE", help="One province, e.g. 51.")
        where.add_argument("--regency", metavar="CODE", help="One regency/city, e.g. 51.03.")
        parser.add_argument(
            "--role",
            choices=["coordinator", "viewer"],
            default="coordinator",
            help="coordinator edits records of the scope (nationally: national administrator); "
            "viewer only reads (default: coordinator).",
        )
        parser.add_argument("--health", action="store_true", help="May see health data.")
        parser.add_argument("--contacts", action="store_true", help="May see phones and e-mails.")

    def handle(
        self,
        *args,
        username: str,
        national: bool,
        province: str | None,
        regency: str | None,
        role: str,
        health: bool,
        contacts: bool,
        **options,
    ):
        scope = UserScope(level=UserScope.Level.NATIONAL)
        if province is not None:
            code = province.strip()
            if not Province.objects.filter(code=code).exists():
                raise CommandError(
                    f"--province {province!r}: no province with this code (two digits, e.g. 51; "
                    "load the regions first with `manage.py load_regions`).",
                    returncode=2,
                )
            scope = UserScope(level=UserScope.Level.PROVINCE, province_id=code)
        elif regency is not None:
            code = regency.strip()
            if not Regency.objects.filter(code=code).exists():
                raise CommandError(
                    f"--regency {regency!r}: no regency/city with this code (like 51.03; "
                    "load the regions first with `manage.py load_regions`).",
                    returncode=2,
                )
            scope = UserScope(level=UserScope.Level.REGENCY, regency_id=code, province_id=code[:2])

        if role == "viewer":
            role_group = VIEWER
        else:
            role_group = NATIONAL_ADMIN if scope.level == UserScope.Level.NATIONAL else COORDINATOR

        User = get_user_model()
        with transaction.atomic():
            roles_sync()
            user, created = User.objects.get_or_create(
                username=username, defaults={"is_staff": True, "is_active": True}
            )
            if created:
                user.set_unusable_password()
            user.is_staff = True
            user.save()
            try:
                scope.clean()
            except ValidationError as error:  # pragma: no cover - codes were checked above
                raise CommandError("; ".join(error.messages), returncode=2) from error
            UserScope.objects.update_or_create(
                user=user,
                defaults={
                    "level": scope.level,
                    "province_id": scope.province_id,
                    "regency_id": scope.regency_id,
                },
            )
            wanted = {role_group}
            if health:
                wanted.add(HEALTH_DATA)
            if contacts:
                wanted.add(CONTACT_DATA)
            managed = set(ROLE_GROUPS) | {HEALTH_DATA, CONTACT_DATA}
            user.groups.remove(*Group.objects.filter(name__in=managed - wanted))
            user.groups.add(*Group.objects.filter(name__in=wanted))
            forget_scope(user)

        if scope.level == UserScope.Level.REGENCY:
            where = f"regency {scope.regency_id} ({Regency.objects.get(pk=scope.regency_id)})"
        elif scope.level == UserScope.Level.PROVINCE:
            where = f"province {scope.province_id} ({Province.objects.get(pk=scope.province_id)})"
        else:
            where = "national"
        self.stdout.write(
            f"{'Created' if created else 'Updated'} staff user {username!r}: scope {where}; "
            f"role {role_group}; health data {'yes' if health else 'no'}; "
            f"contact data {'yes' if contacts else 'no'}."
        )
        if created:
            self.stdout.write(f"Set a password with: manage.py changepassword {username}")
