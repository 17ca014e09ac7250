"""sitemap.xml: a sitemap index of sections (pages, events, libraries, regions), each paginated
(`Sitemap.limit` items a page, both languages with hreflang alternates), index and pages served
through the public page cache: one 4.7 MB document built per request tied up every worker."""

from django.contrib.sitemaps import Sitemap, views
from django.db.models import Max
from django.urls import reverse

from core.cache import cache_public_page
from trainings.models import TrainingEvent
from villages.models import Province, Regency, VillageLibrary


class _Bilingual(Sitemap):
    limit = 1000  # items a page (each item is listed in both languages)
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

    def get_latest_lastmod(self):
        # For the index: one aggregate, not every event loaded a second time.
        return self.items().aggregate(latest=Max("modified"))["latest"]


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

    def get_latest_lastmod(self):
        return self.items().aggregate(latest=Max("modified"))["latest"]


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

sitemap_index = cache_public_page(views.index)
sitemap_section = cache_public_page(views.sitemap)
