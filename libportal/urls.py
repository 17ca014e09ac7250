from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from trainings.export_views import export_page

from . import views
from .sitemaps import SITEMAPS

admin.site.site_header = _("TPBIS portal — coordinators")
admin.site.site_title = _("TPBIS portal")
admin.site.index_title = _("Program records")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots-txt"),
    # Staff only, for downloads: outside i18n_patterns (the file's language follows the session).
    path("staff/ekspor/", export_page, name="staff-export"),
]

# Indonesian at the root, English under /en/.
urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("", include("programs.urls")),
    path("", include("villages.urls")),
    path("", include("trainings.urls")),
    prefix_default_language=False,
)
