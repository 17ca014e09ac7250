"""The public, read-only API: the open datasets, cursor pagination, the error shape, throttling
and the OpenAPI document."""

import pytest
from django.contrib.staticfiles import finders
from django.test import override_settings
from openapi_spec_validator import validate

from portal.api.schemas import (
    BeneficiaryPublic,
    EventPublic,
    LibraryPublic,
    MonthlyActivityPublic,
    MonthlyReportPublic,
    RegionCyclePublic,
)
from portal.opendata import DATASETS
from tests.programs.factories import BeneficiaryFactory, ProgramCycleFactory
from tests.trainings.factories import ParticipantFactory, TrainingEventFactory
from tests.villages.factories import DistrictFactory, VillageLibraryFactory

pytestmark = pytest.mark.django_db

PERSONAL = ("phone", "email", "full_name", "manager_name", "nik", "result")


def _walk(client, url: str) -> list[dict]:
    rows = []
    for _ in range(100):
        body = client.get(url).json()
        rows += body["items"]
        url = body["page"]["next"]
        if url is None:
            return rows
    raise AssertionError("pagination never ended")


def test_openapi_document_validates(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    spec = response.json()
    validate(spec)
    assert {"/api/v1/beneficiaries", "/api/v1/staff/participants"} <= set(spec["paths"])


def test_public_schemas_use_the_open_datasets_column_keys():
    schemas = {
        "penerima-manfaat": BeneficiaryPublic,
        "perpustakaan": LibraryPublic,
        "bimtek": EventPublic,
        "agregat-wilayah": RegionCyclePublic,
        "aktivitas-bulanan": MonthlyActivityPublic,
        "laporan-bulanan": MonthlyReportPublic,
    }
    for dataset in DATASETS:
        keys = [c.key for c in dataset.columns()]
        assert list(schemas[dataset.slug].model_fields) == keys, dataset.slug


def test_cycles_show_the_demo_against_its_targets(client, demo):
    from programs.selectors import beneficiaries_public

    rows = client.get("/api/v1/cycles").json()
    row = next(r for r in rows if r["year"] == 2021)
    assert (row["target_libraries"], row["target_provinces"]) == (450, 32)
    cycle = beneficiaries_public().filter(cycle__year=2021)
    assert row["beneficiaries"] == cycle.count() >= 12
    assert row["provinces_reached"] == cycle.values("library__province").distinct().count()


def test_beneficiaries_walk_every_row_once_without_personal_data(client, demo):
    rows = _walk(client, "/api/v1/beneficiaries?cycle=2021&province=51&limit=5")
    assert len(rows) == 12
    assert len({r["village_code"] for r in rows}) == 12
    assert "51.03.02.2009" in {r["village_code"] for r in rows}
    for row in rows:
        assert not set(row) & set(PERSONAL)


def test_events_and_aggregates_count_people_never_name_them(client, demo):
    events = client.get("/api/v1/events?cycle=2021").json()["items"]
    bali = next(e for e in events if e["slug"] == demo.event.slug)
    assert bali["libraries"] == 12
    assert bali["participants"] == demo.event.participants.count()
    regions = client.get("/api/v1/regions?cycle=2021&province=51").json()
    assert {r["regency_code"] for r in regions} == {"51.02", "51.03", "51.05"}
    assert sum(r["beneficiaries"] for r in regions) == 12
    activity = client.get("/api/v1/activity?province=51").json()
    assert "2021-06" in [a["month"] for a in activity]
    text = client.get("/api/v1/events").content.decode()
    for participant in demo.event.participants.all()[:5]:
        assert participant.full_name not in text


def test_a_bad_cursor_is_a_400_in_the_error_shape(client, db):
    response = client.get("/api/v1/libraries?cursor=not-a-cursor")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "bad_request" and error["fields"][0]["location"] == "query.cursor"


@pytest.mark.parametrize(
    "query, location",
    [
        ("province=99", "query.province"),
        ("province=5", "query.province"),
        ("limit=0", "query.limit"),
        ("limit=501", "query.limit"),
        ("cycle=1999", "query.cycle"),
    ],
)
def test_bad_filters_are_422_naming_the_parameter(client, db, query, location):
    response = client.get(f"/api/v1/beneficiaries?{query}")
    assert response.status_code == 422
    body = response.json()
    assert body["error"]["status"] == 422
    assert [f["location"] for f in body["error"]["fields"]] == [location]


def test_unknown_path_is_404_in_the_error_shape(client, db):
    response = client.get("/api/v1/staff/events/no-such-event", HTTP_AUTHORIZATION="Bearer x")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthorized"


@override_settings(LIBPORTAL_API_RATE_ANON="3/min")
def test_public_endpoints_are_throttled_per_address(client, db):
    statuses = [client.get("/api/v1/cycles").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get("/api/v1/cycles")
    assert response.json()["error"]["code"] == "throttled"
    assert int(response["Retry-After"]) > 0
    other = client.get("/api/v1/cycles", REMOTE_ADDR="10.9.9.9")
    assert other.status_code == 200


def _world(n: int) -> None:
    cycle = ProgramCycleFactory(year=2021)
    district = DistrictFactory()
    libraries = [VillageLibraryFactory(village__district=district) for _ in range(n)]
    for library in libraries:
        BeneficiaryFactory(cycle=cycle, library=library)
        event = TrainingEventFactory(
            cycle=cycle,
            province=district.regency.province,
            organiser=cycle.program.institution,
            status="published",
        )
        ParticipantFactory(event=event, library=library)


@pytest.mark.parametrize("n", [1, 50])
@pytest.mark.parametrize(
    "path", ["cycles", "beneficiaries", "libraries", "events", "regions", "activity"]
)
def test_public_endpoints_run_a_bounded_number_of_queries(
    client, db, django_assert_max_num_queries, n, path
):
    _world(n)
    with django_assert_max_num_queries(3):
        query = "" if path in ("libraries", "activity") else "?cycle=2021"
        response = client.get(f"/api/v1/{path}{query}")
    assert response.status_code == 200
    body = response.json()
    rows = body if isinstance(body, list) else body["items"]
    assert len(rows) >= 1


def test_docs_page_lists_every_endpoint_and_loads_only_our_files(client, db):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/api/v1/staff/attendance" in html and "/api/v1/openapi.json" in html
    assert "<script>" not in html and "style=" not in html
    assert "/static/js/api-docs.js" in html
    for path in ("vendor/swagger-ui/swagger-ui-bundle.js", "vendor/swagger-ui/swagger-ui.css"):
        assert finders.find(path), path


@pytest.mark.parametrize(
    "method, path, status",
    [
        ("get", "/api/v1/no-such-endpoint", 404),
        ("get", "/api/v1/", 404),
        ("delete", "/api/v1/cycles", 405),
        ("post", "/api/v1/beneficiaries", 405),
    ],
)
def test_unknown_paths_and_methods_answer_in_the_error_shape(client, db, method, path, status):
    response = getattr(client, method)(path)
    assert response.status_code == status
    assert response.json()["error"]["status"] == status
