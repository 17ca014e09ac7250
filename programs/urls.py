from django.urls import path

from . import views

app_name = "programs"

urlpatterns = [
    path("penerima-manfaat/", views.beneficiary_list, name="beneficiary-list"),
    path("penerima-manfaat/replikasi/", views.replication_list, name="replication-list"),
    path("penerima-manfaat/unduh.csv", views.beneficiary_csv, name="beneficiary-csv"),
    # Private documents: the storage's URLs point here (core.documents.documents_url).
    path("staf/dokumen/<path:name>", views.document_download, name="document"),
]
