"""Set a user's password without a prompt (scripts, provisioning): `manage.py set_password
USERNAME --password-file FILE`, or the password on standard input (`… < file`, `echo … |`).
Never as an argument: it would stay in the shell history and the process list."""

import sys

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from core.commands import PortalCommand


class Command(PortalCommand):
    help = (
        "Set a user's password from --password-file or standard input (first line), checked "
        "by the password rules."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--password-file", default=None, help="File whose first line is it.")

    def handle(self, *args, username: str, password_file: str | None, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(_("No user %(username)s.") % {"username": username}, returncode=2)
        try:
            if password_file:
                with open(password_file, encoding="utf-8") as f:
                    text = f.readline()
            else:
                text = sys.stdin.readline()
        except OSError as error:
            raise CommandError(str(error), returncode=2) from None
        password = text.rstrip("\r\n")
        if not password:
            raise CommandError(_("No password given."), returncode=2)
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages), returncode=2) from None
        user.set_password(password)
        user.save(update_fields=["password"])
        self.stdout.write(_("Password set for %(username)s.") % {"username": username})
