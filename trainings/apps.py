from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingsConfig(AppConfig):
    name = "trainings"
    verbose_name = _("Trainings (Bimtek)")

    def ready(self) -> None:
        # The certificates' admin lives with the paperwork (trainings/paperwork/admin.py);
        # autodiscover imports only trainings/admin.py. Every app is ready before the first
        # request builds the admin's URLs.
        from .paperwork import admin  # noqa: F401
