from django.urls import path

from . import views

app_name = "jobs"
urlpatterns = [
    path("<uuid:pk>/", views.job_status, name="status"),
    path("<uuid:pk>/progres.json", views.job_progress, name="progress"),
    path("<uuid:pk>/unduh/", views.job_download, name="download"),
]
