"""A management command that speaks one language per run.

Without this, a run's messages would follow whatever language happens to be active, while the
export and paperwork commands switch to their file's language halfway: one run could mix
Indonesian and English. A `PortalCommand` runs all of `execute()` (so `handle()` and the
CommandError text it raises) in one language: ``--language`` if given, else the site's
default (settings.LANGUAGE_CODE, Indonesian).

A command that already has a ``--language`` of its own (the exports and the paperwork, where it
chooses the file's language) keeps it, with its own default: the messages then follow the file.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation


class PortalCommand(BaseCommand):
    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        # argparse refuses the same option twice; a command's own --language wins.
        if "--language" not in parser._option_string_actions:
            parser.add_argument(
                "--language",
                choices=[code for code, _name in settings.LANGUAGES],
                default=None,
                help=f"language of the messages (default: {settings.LANGUAGE_CODE})",
            )
        return parser

    def execute(self, *args: Any, **options: Any) -> Any:
        with translation.override(options.get("language") or settings.LANGUAGE_CODE):
            return super().execute(*args, **options)
