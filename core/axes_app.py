"""django-axes under a name a coordinator reads: its models (lock-outs, access logs) show in the
admin as "Login attempts", not as the library's name "Axes". Same app label, so its migrations
and settings are untouched."""

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _


class LoginAttemptsConfig(AxesAppConfig):
    verbose_name = _("Login attempts")
