"""The staff API: tokens, scope, masked fields, audit, check-in, and the error shape. Every
documented staff endpoint is walked with a token of each role."""

import datetime

import pytest

from core.models import AuditEvent
from portal.api.services import api_token_create, api_token_revoke
from portal.models import ApiToken, token_hash
from programs.models import Beneficiary, Delivery
from tests.scoping_world import world_fixture  # noqa: F401
from trainings.models import Attendance, Participant, TrainingEvent

from .conftest import bearer

pytestmark = pytest.mark.django_db

STAFF_ROLES = ["national", "province", "regency", "viewer", "noscope"]
LISTS = {
    "/api/v1/staff/deliveries": Delivery,
    "/api/v1/staff/events": TrainingEvent,
    "/api/v1/staff/participants": Participant,
    "/api/v1/staff/attendance": Attendance,
    "/api/v1/staff/beneficiaries": Beneficiary,
}
MASKED = {
    "/api/v1/staff/participants": ("phone", "email"),
    "/api/v1/staff/beneficiaries": ("library_phone", "library_email"),
}


def key_for(user) -> str:
    if user.username == "tanpa-wilayah":  # no scope: the service refuses, the model does not
        key = "tpbis_noscope-test-key-0000000000000000000000"
        ApiToken.objects.create(user=user, name="t", key_hash=token_hash(key), prefix=key[:12])
        return key
    return api_token_create(user=user, name="test")[1]


def walk(client, url: str, key: str) -> list[dict]:
    rows = []
    while url:
        response = client.get(url, **bearer(key))
        assert response.status_code == 200, response.content
        body = response.json()
        rows += body["items"]
        url = body["page"]["next"]
    return rows


def test_token_is_stored_hashed_and_shown_once(world):
    user = world.users["province"]
    token, key = api_token_create(user=user, name="Dasbor Bali")
    assert key.startswith("tpbis_") and len(key) > 40
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.key_hash == token_hash(key) and key not in stored.key_hash
    assert key.startswith(stored.prefix)


@pytest.mark.parametrize(
    "header",
    [None, "Bearer ", "Bearer tpbis_wrong", "Basic dXNlcjpwYXNz", "Bearer " + "x" * 500],
)
def test_staff_endpoints_answer_401_in_the_error_shape(client, world, header):
    extra = {"HTTP_AUTHORIZATION": header} if header else {}
    response = client.get("/api/v1/staff/participants", **extra)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthorized"
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_revoked_token_or_a_deactivated_user_is_refused(client, world):
    user = world.users["province"]
    token, key = api_token_create(user=user, name="x")
    assert client.get("/api/v1/staff/events", **bearer(key)).status_code == 200
    api_token_revoke(token=token)
    assert client.get("/api/v1/staff/events", **bearer(key)).status_code == 401
    _token2, key2 = api_token_create(user=user, name="y")
    type(user).objects.filter(pk=user.pk).update(is_active=False)
    assert client.get("/api/v1/staff/events", **bearer(key2)).status_code == 401


@pytest.fixture
def deliveries(world):
    """One aid handover, with an item, for each region's beneficiary."""
    from tests.programs.factories import DeliveryFactory, DeliveryItemFactory

    for region in (world.a1, world.a2, world.b1):
        DeliveryItemFactory(delivery=DeliveryFactory(beneficiary=region.beneficiary))


@pytest.mark.parametrize("role", STAFF_ROLES)
def test_every_documented_staff_list_shows_only_the_scope_and_masks_protected_fields(
    client, world, deliveries, role
):
    user = world.users[role]
    key = key_for(user)
    spec = client.get("/api/v1/openapi.json").json()
    documented = [
        p for p, item in spec["paths"].items() if p.startswith("/api/v1/staff/") and "get" in item
    ]
    assert set(LISTS) <= set(documented)
    for path in documented:
        if "{" in path:
            continue
        rows = walk(client, path + "?limit=1", key)
        model = LISTS[path]
        allowed = set(model.objects.in_scope(user).values_list("pk", flat=True))
        assert {r["id"] for r in rows} == allowed, (role, path)
        if role == "noscope":
            assert rows == []
        else:
            assert rows, (role, path)  # the walk saw something: the scope test is not empty
        for field in MASKED.get(path, ()):
            if role == "viewer":  # no contacts permission
                assert all(r[field] is None for r in rows), (role, path, field)
        if path == "/api/v1/staff/participants":
            for r in rows:
                assert (r["screenings"] is None) == (role == "viewer")
                if role == "viewer":
                    assert r["phone"] is None and r["email"] is None
    if role in ("province", "regency"):
        assert (
            world.a1.participant.phone
            in client.get("/api/v1/staff/participants", **bearer(key)).content.decode()
        )


@pytest.mark.parametrize("role", ["national", "province", "regency", "viewer"])
def test_event_detail_is_404_outside_the_scope(client, world, role):
    key = key_for(world.users[role])
    inside = client.get(f"/api/v1/staff/events/{world.a1.event.slug}", **bearer(key))
    assert inside.status_code == 200 and inside.json()["slug"] == world.a1.event.slug
    if role != "national":
        outside = world.out_record(role, "trainingevent")
        response = client.get(f"/api/v1/staff/events/{outside.slug}", **bearer(key))
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"


def test_a_page_with_contacts_or_health_data_is_audited(client, world):
    user = world.users["province"]
    key = key_for(user)
    before = AuditEvent.objects.filter(action="api_read").count()
    client.get("/api/v1/staff/participants", **bearer(key))
    record = AuditEvent.objects.filter(action="api_read").latest("timestamp")
    assert AuditEvent.objects.filter(action="api_read").count() == before + 1
    assert record.user == user
    assert set(record.detail["fields"]) == {"phone", "email", "screenings"}
    assert record.row_count == Participant.objects.in_scope(user).count()
    assert world.a1.participant.phone not in str(record.detail)


def test_a_page_without_protected_data_is_not_audited(client, world):
    key = key_for(world.users["viewer"])
    before = AuditEvent.objects.count()
    client.get("/api/v1/staff/participants", **bearer(key))
    assert AuditEvent.objects.count() == before


def test_check_in_creates_once_and_records_who(client, world):
    user = world.users["regency"]
    key = key_for(user)
    participant = world.a1.participant
    day = participant.event.start_date + datetime.timedelta(days=1)
    payload = {"participant": participant.pk, "day": day.isoformat()}
    first = client.post(
        "/api/v1/staff/attendance", payload, content_type="application/json", **bearer(key)
    )
    assert first.status_code == 201, first.content
    again = client.post(
        "/api/v1/staff/attendance", payload, content_type="application/json", **bearer(key)
    )
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    attendance = Attendance.objects.get(pk=first.json()["id"])
    assert attendance.history.latest().history_user == user


def test_check_in_refusals_in_the_error_shape(client, world):
    participant = world.a1.participant
    day = participant.event.start_date.isoformat()
    post = lambda key, body: client.post(  # noqa: E731
        "/api/v1/staff/attendance", body, content_type="application/json", **bearer(key)
    )
    viewer = post(key_for(world.users["viewer"]), {"participant": participant.pk, "day": day})
    assert viewer.status_code == 403 and viewer.json()["error"]["code"] == "forbidden"
    regency_key = key_for(world.users["regency"])
    outside = post(regency_key, {"participant": world.a2.participant.pk, "day": day})
    assert outside.status_code == 404
    late = post(regency_key, {"participant": participant.pk, "day": "2030-01-01"})
    assert late.status_code == 422
    assert late.json()["error"]["fields"][0]["location"] == "body.day"
    garbage = post(regency_key, {"participant": "x", "day": "yesterday"})
    assert garbage.status_code == 422
    assert {f["location"] for f in garbage.json()["error"]["fields"]} == {
        "body.payload.participant",
        "body.payload.day",
    }


def test_staff_endpoints_are_throttled_per_user(client, world, settings):
    settings.LIBPORTAL_API_RATE_STAFF = "2/min"
    key = key_for(world.users["national"])
    statuses = [client.get("/api/v1/staff/events", **bearer(key)).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


@pytest.mark.parametrize("n", [1, 50])
def test_participants_page_runs_a_bounded_number_of_queries(
    client, world, django_assert_max_num_queries, n
):
    from tests.trainings.factories import HealthScreeningFactory, ParticipantFactory

    for _ in range(n):
        p = ParticipantFactory(event=world.a1.event, library=world.a1.library)
        HealthScreeningFactory(participant=p)
    key = key_for(world.users["province"])
    with django_assert_max_num_queries(12):
        response = client.get("/api/v1/staff/participants?limit=500", **bearer(key))
    assert len(response.json()["items"]) >= n


def test_a_scoped_user_without_a_role_gets_403_in_the_error_shape(client, world, django_user_model):
    from villages.models import UserScope

    user = django_user_model.objects.create_user("tanpa-peran", is_staff=True)
    UserScope.objects.create(user=user, level="national")
    key = api_token_create(user=user, name="x")[1]
    response = client.get("/api/v1/staff/participants", **bearer(key))
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"
