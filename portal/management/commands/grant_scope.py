"""Give a staff user their role and region: `manage.py grant_scope USERNAME --province 51`, or
make them a library operator: `manage.py grant_scope USERNAME --library SLUG`."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core.commands import PortalCommand
from portal.services import ROLE_COORDINATOR, ROLE_VIEWER, user_access_grant
from villages.models import Province, Regency, UserScope, VillageLibrary


class Command(PortalCommand):
    help = (
        "Set a staff user's scope (national, one province, one regency, or one library as its "
        "operator), role (coordinator or viewer; an operator has the operator's role) and "
        "protected-data permissions. Creates the staff user if missing. The command "
        "sets the user's whole access: --health/--contacts left out are taken away."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        where = parser.add_mutually_exclusive_group(required=True)
        where.add_argument("--national", action="store_true", help="Everything, every region.")
        where.add_argument("--province", metavar="CODE", help="One province, e.g. 51.")
        where.add_argument("--regency", metavar="CODE", help="One regency/city, e.g. 51.03.")
        where.add_argument(
            "--library",
            metavar="SLUG",
            help="Operator of one library (its manager or staff): its profile and reports only.",
        )
        parser.add_argument(
            "--role",
            choices=[ROLE_COORDINATOR, ROLE_VIEWER],
            default=ROLE_COORDINATOR,
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
        library: str | None,
        role: str,
        health: bool,
        contacts: bool,
        **options,
    ):
        if province is not None:
            level, code = UserScope.Level.PROVINCE, province.strip()
        elif regency is not None:
            level, code = UserScope.Level.REGENCY, regency.strip()
        elif library is not None:
            level, code = UserScope.Level.LIBRARY, library.strip()
        else:
            level, code = UserScope.Level.NATIONAL, ""
        User = get_user_model()
        try:
            with transaction.atomic():
                user, created = User.objects.get_or_create(
                    username=username, defaults={"is_staff": True, "is_active": True}
                )
                if created:
                    user.set_unusable_password()
                    user.save()
                access = user_access_grant(
                    user=user, level=level, code=code, role=role, contacts=contacts, health=health
                )
        except ValidationError as error:
            option = {
                UserScope.Level.PROVINCE: "--province",
                UserScope.Level.LIBRARY: "--library",
            }.get(level, "--regency")
            hint = (
                _("Find the slug in the library's page address or in the admin.")
                if level == UserScope.Level.LIBRARY
                else _("Load the regions first with `manage.py load_regions`.")
            )
            raise CommandError(
                f"{option} {code!r}: " + "; ".join(error.messages) + " " + hint, returncode=2
            ) from None

        scope = access.scope
        if scope.level == UserScope.Level.LIBRARY:
            library_name = VillageLibrary.objects.get(pk=scope.library_id)
            where = _("operator of library %(slug)s (%(name)s)") % {
                "slug": repr(code),
                "name": library_name,
            }
        elif scope.level == UserScope.Level.REGENCY:
            where = _("regency %(code)s (%(name)s)") % {
                "code": scope.regency_id,
                "name": Regency.objects.get(pk=scope.regency_id),
            }
        elif scope.level == UserScope.Level.PROVINCE:
            where = _("province %(code)s (%(name)s)") % {
                "code": scope.province_id,
                "name": Province.objects.get(pk=scope.province_id),
            }
        else:
            where = _("national")
        summary = (
            _(
                "Created staff user %(username)s: scope %(scope)s; role %(role)s; "
                "health data %(health)s; contact data %(contacts)s."
            )
            if created
            else _(
                "Updated staff user %(username)s: scope %(scope)s; role %(role)s; "
                "health data %(health)s; contact data %(contacts)s."
            )
        )
        self.stdout.write(
            summary
            % {
                "username": repr(username),
                "scope": where,
                "role": pgettext("role group", access.role_group),
                "health": _("yes") if health else _("no"),
                "contacts": _("yes") if contacts else _("no"),
            }
        )
        if created:
            self.stdout.write(
                _(
                    "Let them choose a password: manage.py invite_user %(username)s "
                    "--email ADDRESS (or set one: manage.py set_password %(username)s "
                    "--password-file FILE)."
                )
                % {"username": username}
            )
