"""`UserScope`: the region a coordinator's account is limited to, or an operator's library."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .libraries import VillageLibrary
from .regions import Province, Regency


class UserScope(models.Model):
    """Where a staff user works: nationally, in one province, in one regency, or for one
    library (a library operator: the library's manager or staff).

    No row means no scope: the user sees no scoped record (see `villages.scoping`). The two
    permissions below are granted through groups (see `portal.roles`).
    """

    class Level(models.TextChoices):
        NATIONAL = "national", _("national")
        PROVINCE = "province", _("province")
        REGENCY = "regency", _("regency/city")
        LIBRARY = "library", _("library (operator)")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="region_scope",
        verbose_name=_("user"),
    )
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    province = models.ForeignKey(
        Province,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("province"),
    )
    regency = models.ForeignKey(
        Regency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("regency/city"),
    )
    library = models.ForeignKey(
        VillageLibrary,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("library"),
    )

    class Meta:
        verbose_name = _("regional scope")
        verbose_name_plural = _("regional scopes")
        ordering = ["user__username"]
        permissions = [
            ("view_contact_data", _("Can see personal contact data (phone, e-mail)")),
            ("view_health_data", _("Can see health data (antigen test results)")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    level="national",
                    province__isnull=True,
                    regency__isnull=True,
                    library__isnull=True,
                )
                | models.Q(
                    level="province",
                    province__isnull=False,
                    regency__isnull=True,
                    library__isnull=True,
                )
                | models.Q(
                    level="regency",
                    province__isnull=False,
                    regency__isnull=False,
                    library__isnull=True,
                )
                | models.Q(
                    level="library",
                    province__isnull=True,
                    regency__isnull=True,
                    library__isnull=False,
                ),
                name="villages_userscope_region_matches_level",
                violation_error_message=_(
                    "A national scope has no region; a province scope has a province; a "
                    "regency scope has its regency (and that regency's province); a library "
                    "scope has its library and no region."
                ),
            )
        ]

    def __str__(self) -> str:
        if self.level == self.Level.LIBRARY:
            return f"{self.get_level_display()}: {self.library_id}"
        if self.level == self.Level.REGENCY:
            return f"{self.get_level_display()}: {self.regency_id}"
        if self.level == self.Level.PROVINCE:
            return f"{self.get_level_display()}: {self.province_id}"
        return str(self.get_level_display())

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        # The province of a regency scope is the regency's own, never typed separately.
        if self.level == self.Level.REGENCY and self.regency_id:
            self.province_id = self.regency_id[:2]
        if self.level != self.Level.LIBRARY:
            self.library_id = None
        if self.level in (self.Level.NATIONAL, self.Level.LIBRARY):
            self.province_id = self.regency_id = None
        if self.level == self.Level.PROVINCE:
            self.regency_id = None
            if not self.province_id:
                raise ValidationError({"province": _("Choose the province.")})
        if self.level == self.Level.REGENCY and not self.regency_id:
            raise ValidationError({"regency": _("Choose the regency/city.")})
        if self.level == self.Level.LIBRARY and not self.library_id:
            raise ValidationError({"library": _("Choose the library.")})
