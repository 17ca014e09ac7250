from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The shared library every app builds on. It imports no app of the project."""

    name = "core"
    verbose_name = _("Audit trail")

    def ready(self) -> None:
        # Each app's `job_kinds` module registers its background job kinds (core/jobs/).
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("job_kinds")
