from django.urls import path

from . import views

app_name = "villages"

urlpatterns = [
    path("wilayah/<str:code>/", views.region_detail, name="region-detail"),
    path("perpustakaan/<slug:slug>/", views.library_detail, name="library-detail"),
]
