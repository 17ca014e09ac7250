from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The site: pages and tools that compose the apps below it for people."""

    name = "portal"
    verbose_name = _("Users and access")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from . import caching
        from .roles import on_post_migrate

        caching.connect()

        # Once per migrate; the handler creates every app's permissions before using them.
        post_migrate.connect(on_post_migrate, sender=self, dispatch_uid="portal_roles_sync")
