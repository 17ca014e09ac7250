"""sitemap.xml: every public page in both languages (hreflang alternates included)."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from trainings.models import TrainingEvent
from villages.models import Province, Regency, VillageLibrary


class _Bilingual(Sitemap):
    i18n = True
    alternates = True
    x_default = True


class StaticPagesSitemap(_Bilingual):
    priority = 0.8

    def items(self) -> list[str]:
        return [
            "home",
            "programs:beneficiary-list",
            "trainings:event-list",
            "dashboard",
            "opendata",
            "privacy",
        ]

    def location(self, item: str) -> str:
        return reverse(item)


class EventSitemap(_Bilingual):
    def items(self):
        return TrainingEvent.objects.published().only("slug", "modified").order_by("pk")

    def lastmod(self, event: TrainingEvent):
        return event.modified


class LibrarySitemap(_Bilingual):
    def items(self):
        return (
            VillageLibrary.objects.filter(is_active=True, beneficiaries__isnull=False)
            .distinct()
            .only("slug", "modified")
            .order_by("pk")
        )

    def lastmod(self, library: VillageLibrary):
        return library.modified


class RegionSitemap(_Bilingual):
    """Provinces and regencies that have beneficiary libraries (the rest would be empty)."""

    def items(self) -> list:
        with_libraries = {"villages__libraries__beneficiaries__isnull": False}
        provinces = Province.objects.filter(**with_libraries).distinct().order_by("code")
        regencies = Regency.objects.filter(**with_libraries).distinct().order_by("code")
        return [*provinces, *regencies]


SITEMAPS = {
    "pages": StaticPagesSitemap,
    "events": EventSitemap,
    "libraries": LibrarySitemap,
    "regions": RegionSitemap,
}
