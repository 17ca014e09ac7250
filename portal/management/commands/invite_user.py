"""Invite a staff user by e-mail: `manage.py invite_user USERNAME --email ADDRESS` sends a
link where they choose their own password (after `grant_scope` made the account)."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from core.commands import PortalCommand
from portal.onboarding import send_invitation


class Command(PortalCommand):
    help = (
        "E-mail a user an invitation with a one-use link to choose their password (the "
        "account's address, or --email, which then becomes its address)."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="", help="Address to invite (saved on the user).")
        parser.add_argument(
            "--base-url",
            default=None,
            help="Portal address for the link (default: LIBPORTAL_PUBLIC_URL).",
        )

    def handle(self, *args, username: str, email: str, base_url: str | None, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(
                _("No user %(username)s: make it with grant_scope first.") % {"username": username},
                returncode=2,
            )
        try:
            address = send_invitation(user, email=email, base_url=base_url)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages), returncode=2) from None
        self.stdout.write(
            _("Invitation sent to %(email)s for %(username)s.")
            % {"email": address, "username": username}
        )
