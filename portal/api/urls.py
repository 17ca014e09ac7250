"""Mounted at `/api/v1/` by the project's root URLs (outside the language prefix: an API's
addresses do not change with the visitor's language)."""

from django.urls import path

from .api import api
from .views import api_docs

urlpatterns = [
    path("docs/", api_docs, name="api-docs"),
    path("", api.urls),
]
