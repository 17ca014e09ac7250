from django.urls import path

from . import views

app_name = "trainings"

urlpatterns = [
    path("bimtek/", views.event_list, name="event-list"),
    path("bimtek/<slug:slug>/", views.event_detail, name="event-detail"),
]
