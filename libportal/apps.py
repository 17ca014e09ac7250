from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibportalConfig(AppConfig):
    name = "libportal"
    verbose_name = _("Portal")
