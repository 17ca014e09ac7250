from django.urls import path

from . import views

app_name = "programs"

urlpatterns = [
    path("penerima-manfaat/", views.beneficiary_list, name="beneficiary-list"),
    path("penerima-manfaat/unduh.csv", views.beneficiary_csv, name="beneficiary-csv"),
]
