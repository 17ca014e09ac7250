"""A management command that speaks one language per run.

Django deactivates translations before `handle()` (messages come out in the English source
text), while the export commands switch to Indonesian: one run could mix both. A
`PortalCommand` runs all of `handle()` in one language: ``--language`` if given, else the
site's default (settings.LANGUAGE_CODE, Indonesian).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation


class PortalCommand(BaseCommand):
    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
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
