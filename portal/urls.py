"""The site's own pages. The region and library pages keep the `villages` namespace: the URL
names belong to those records (`Province.get_absolute_url` reverses them); the pages live here
because they compose the program and training records of the apps above `villages`."""

from django.urls import include, path

from . import dashboard_views, privacy_views, views

region_patterns = (
    [
        path("wilayah/<str:code>/", views.region_detail, name="region-detail"),
        path("perpustakaan/<slug:slug>/", views.library_detail, name="library-detail"),
    ],
    "villages",
)

urlpatterns = [
    path("", views.home, name="home"),
    path("", include(region_patterns)),
    path("privasi/", privacy_views.privacy_notice, name="privacy"),
    path("dasbor/", dashboard_views.dashboard, name="dashboard"),
    path("data/", dashboard_views.opendata_index, name="opendata"),
    path("data/<slug:slug>.csv", dashboard_views.opendata_csv, name="opendata-csv"),
    path("data/<slug:slug>.json", dashboard_views.opendata_json, name="opendata-json"),
]
