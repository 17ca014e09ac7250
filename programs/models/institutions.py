"""Institutions (libraries, agencies) and their officials."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from villages.models import Province, Regency
from villages.scoping import PROVINCE, Scope, ScopedQuerySet, prefix_q


class InstitutionQuerySet(ScopedQuerySet):
    """National institutions are everyone's (Perpusnas organises events everywhere); a regional
    office is seen by coordinators of its own region (and a province office by its regencies)."""

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        national = Q(level="national")
        if scope.level == PROVINCE:
            return national | Q(province=scope.code)
        return national | Q(level="province", province=scope.province_code) | Q(regency=scope.code)


class OfficialQuerySet(ScopedQuerySet):
    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        return prefix_q(InstitutionQuerySet.scope_q(scope), "institution")


class Institution(TimeStampedModel):
    """Perpusnas, or a province's or regency's library office."""

    class Level(models.TextChoices):
        NATIONAL = "national", _("national")
        PROVINCE = "province", _("province")
        REGENCY = "regency", _("regency/city")

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    province = models.ForeignKey(
        Province,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="institutions",
        verbose_name=_("province"),
    )
    regency = models.ForeignKey(
        Regency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="institutions",
        verbose_name=_("regency/city"),
    )

    objects = InstitutionQuerySet.as_manager()

    class Meta:
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        ordering = ["level", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(level="national", province__isnull=True, regency__isnull=True)
                | Q(level="province", province__isnull=False, regency__isnull=True)
                | Q(level="regency", province__isnull=False, regency__isnull=False),
                name="programs_institution_region_matches_level",
                violation_error_message=_(
                    "A national institution has no region; a province office has a province; "
                    "a regency office has its province and regency."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.name


class Official(TimeStampedModel):
    """A named office holder, as the program's records cite them (opened by, closed by)."""

    name = models.CharField(_("name"), max_length=150)
    position = models.CharField(_("position"), max_length=250)
    institution = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        related_name="officials",
        verbose_name=_("institution"),
    )

    objects = OfficialQuerySet.as_manager()

    class Meta:
        verbose_name = _("official")
        verbose_name_plural = _("officials")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "position", "institution"], name="programs_official_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.position}"
