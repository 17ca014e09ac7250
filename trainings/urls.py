from django.urls import path

from . import views

app_name = "trainings"

urlpatterns = [
    path("bimtek/<slug:slug>/", views.event_detail, name="event-detail"),
]
