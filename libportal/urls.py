from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from core.health import healthz, readyz
from core.metrics import metrics_view
from portal import views as portal_views
from portal.export_views import export_events, export_page, export_regencies
from portal.sitemaps import SITEMAPS, sitemap_index, sitemap_section

# `admin.site` is core.admin_site.PortalAdminSite (its titles, guards and scoped view-on-site).
urlpatterns = [
    # Password reset and invitations' set-password links (portal/onboarding.py), before the
    # admin's own patterns (its catch-all would answer first).
    path("admin/", include("portal.onboarding")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    # A sitemap index of paginated sections, each cached (portal/sitemaps.py).
    path(
        "sitemap.xml",
        sitemap_index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path("sitemap-<section>.xml", sitemap_section, {"sitemaps": SITEMAPS}, name="sitemap-section"),
    # Probes and metrics (core/health.py, core/metrics.py): outside i18n_patterns, never cached.
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("metrics", metrics_view, name="metrics"),
    path("robots.txt", portal_views.robots_txt, name="robots-txt"),
    # Staff only, for downloads: outside i18n_patterns (the file's language follows the session).
    path("staff/ekspor/", export_page, name="staff-export"),
    path("staff/ekspor/acara.json", export_events, name="staff-export-events"),
    path("staff/ekspor/kabupaten.json", export_regencies, name="staff-export-regencies"),
    # Background jobs' status pages and downloads (core/jobs/): owner only, never public.
    path("staff/tugas/", include("core.jobs.urls")),
    # The REST API: outside i18n_patterns (its addresses do not change with the language).
    path("api/v1/", include("portal.api.urls")),
]

# Indonesian at the root, English under /en/.
urlpatterns += i18n_patterns(
    path("", include("portal.urls")),
    path("", include("programs.urls")),
    path("", include("trainings.urls")),
    # Certificates' public check (/sertifikat/<code>/) and the staff paperwork downloads.
    path("", include("trainings.paperwork.urls")),
    # Monthly reports: the operators' and coordinators' staff form (/staf/laporan/).
    path("", include("monitoring.urls")),
    prefix_default_language=False,
)
