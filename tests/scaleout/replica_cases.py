"""Run by test_replica_router.py with a replica alias configured to a second real PostgreSQL
database (DATABASE_REPLICA_URLS). Not collected by itself (no `test_` prefix): the replica must
be in the settings before Django connects. No streaming here: the "replica" is a separate
database, so what a request reads shows where it read it from."""

import pytest
from django.conf import settings
from django.db import router
from django.http import HttpResponse
from django.test import Client, RequestFactory

from core.db_router import PIN_COOKIE, ReplicaRoutingMiddleware
from villages.models import Province

pytestmark = [
    pytest.mark.skipif("replica_0" not in settings.DATABASES, reason="no replica configured"),
    pytest.mark.django_db(databases=["default", "replica_0"]),
]

ONLY_ON_REPLICA = "/wilayah/99/"


@pytest.fixture
def replica_only_province():
    Province.objects.using("replica_0").create(code="99", name="Provinsi Hanya Di Replika")


def test_a_public_page_reads_from_the_replica(client, replica_only_province):
    response = client.get(ONLY_ON_REPLICA)
    assert response.status_code == 200
    assert "Provinsi Hanya Di Replika" in response.content.decode()


def test_staff_read_from_the_primary(client, django_user_model, replica_only_province):
    client.force_login(django_user_model.objects.create_superuser("r", "r@example.org", "x"))
    assert client.get(ONLY_ON_REPLICA).status_code == 404


def _through_middleware(request) -> list[str]:
    seen: list[str] = []

    def view(request):
        seen.append(router.db_for_read(Province))
        Province.objects.using("default").create(code="98", name="Baru") if request.POST else None
        seen.append(router.db_for_read(Province))
        return HttpResponse("ok")

    request.COOKIES.update(getattr(request, "_cookies", {}))
    response = ReplicaRoutingMiddleware(view)(request)
    return seen, response


def test_a_post_and_the_reads_after_a_write_go_to_the_primary():
    factory = RequestFactory()
    seen, response = _through_middleware(factory.post("/x/", {"a": "1"}))
    assert seen == ["default", "default"]
    assert PIN_COOKIE in response.cookies  # the next few seconds: primary too
    pinned = factory.get("/")
    pinned.COOKIES[PIN_COOKIE] = response.cookies[PIN_COOKIE].value
    assert _through_middleware(pinned)[0] == ["default", "default"]
    assert _through_middleware(factory.get("/"))[0] == ["replica_0", "replica_0"]


def test_a_read_after_a_write_in_the_same_request_uses_the_primary():
    seen = []

    def view(request):
        seen.append(router.db_for_read(Province))
        Province.objects.create(code="97", name="Ditulis")  # a GET that writes (a counter…)
        seen.append(router.db_for_read(Province))
        return HttpResponse("ok")

    response = ReplicaRoutingMiddleware(view)(RequestFactory().get("/"))
    assert seen == ["replica_0", "default"]
    assert PIN_COOKIE in response.cookies


def test_outside_a_request_everything_uses_the_primary(replica_only_province):
    assert router.db_for_read(Province) == "default"
    assert not Province.objects.filter(code="99").exists()
    assert Client().get("/healthz").status_code == 200
