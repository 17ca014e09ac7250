from django.urls import path

from . import views

app_name = "monitoring"

urlpatterns = [
    path("staf/laporan/", views.report_home, name="report-home"),
    path("staf/laporan/<slug:slug>/", views.library_months, name="library-months"),
    path("staf/laporan/<slug:slug>/<str:month>/", views.report_edit, name="report-edit"),
]
