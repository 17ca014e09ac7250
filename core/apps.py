from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The shared library every app builds on. It imports no app of the project."""

    name = "core"
    verbose_name = _("Audit trail")
