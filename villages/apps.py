from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VillagesConfig(AppConfig):
    name = "villages"
    verbose_name = _("Regions and village libraries")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from .roles import _on_post_migrate

        # Once per migrate; the handler creates every app's permissions before using them.
        post_migrate.connect(_on_post_migrate, sender=self, dispatch_uid="villages_roles_sync")
