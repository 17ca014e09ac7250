"""The session snapshot behind the `demo` fixture gives each test exactly what `demo_seed()`
builds, and nothing to the tests that don't ask for it."""

import dataclasses
import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from core.models import AuditEvent, AuditEventRow
from tests.snapshot import (
    SnapshotError,
    SnapshotStore,
    snapshot_models,
    snapshot_restore,
    snapshot_take,
)
from tests.trainings.factories import ParticipantFactory
from tests.villages.factories import ProvinceFactory
from trainings.demo import EVENT_SLUG, demo_seed
from trainings.models import Participant, TrainingEvent
from villages.models import Province, VillageLibrary


def _is_auto(field) -> bool:
    return isinstance(field, models.fields.AutoFieldMixin)


def _dump() -> dict[str, list[tuple]]:
    """Every non-empty table, rows in key order, with automatic keys (and references to them)
    replaced by their rank in their table, and date-times (the clock's) left out: two builds of
    the same data in the same order give the same dump."""
    tables = [model for model in snapshot_models() if model._base_manager.exists()]
    ranks = {
        model: {
            pk: rank
            for rank, pk in enumerate(
                model._base_manager.order_by("pk").values_list("pk", flat=True)
            )
        }
        for model in tables
        if _is_auto(model._meta.pk)
    }

    def target(model, field):
        if field.is_relation and (field.many_to_one or field.one_to_one):
            return field.remote_field.model
        tracked = getattr(model, "instance_type", None)  # a simple-history table: `id` is the row's
        if tracked is not None and field.attname == tracked._meta.pk.attname:
            return tracked
        return model if field.primary_key else None

    # An audit record names the rows it touched by key, as text: ranked like the others.
    audited = {
        pk: ContentType.objects.get_for_id(type_id).model_class()
        for pk, type_id in AuditEvent.objects.values_list("pk", "content_type")
    }

    dump = {}
    for model in tables:
        fields = [f for f in model._meta.concrete_fields if not isinstance(f, models.DateTimeField)]
        rows = []
        for values in model._base_manager.order_by("pk").values_list(*(f.attname for f in fields)):
            row = []
            for field, value in zip(fields, values, strict=True):
                points_to = target(model, field)
                if points_to in ranks and value is not None:
                    value = ("rank", ranks[points_to][value])
                if model is AuditEventRow and field.name == "object_id":
                    touched = audited[values[fields.index(AuditEventRow._meta.get_field("event"))]]
                    value = ("rank", ranks[touched][touched._meta.pk.to_python(value)])
                if field.name == "password" and str(value).startswith("!"):
                    value = "!"  # an unusable password is random by design
                row.append(value)
            rows.append(tuple(row))
        dump[model._meta.label] = rows
    return dump


def test_the_demo_fixture_gives_row_for_row_what_demo_seed_builds(db, demo_snapshot):
    with transaction.atomic():
        built = demo_seed()
        expected = _dump()
        transaction.set_rollback(True)
    assert not TrainingEvent.objects.exists()

    with transaction.atomic():
        snapshot_restore(demo_snapshot)
        restored = _dump()
        transaction.set_rollback(True)

    assert restored.keys() == expected.keys()
    assert "trainings.HistoricalParticipant" in restored  # history comes along
    for label, rows in expected.items():
        assert restored[label] == rows, label
    restored_result = dataclasses.asdict(demo_snapshot.value) | {"event": None}
    assert restored_result == dataclasses.asdict(built) | {"event": None}


def test_the_demo_fixture_returns_the_restored_event_and_the_seed_figures(demo, demo_snapshot):
    assert demo.event == TrainingEvent.objects.get(slug=EVENT_SLUG)
    assert demo.participants == Participant.objects.filter(event=demo.event).count() >= 30
    assert demo.libraries == 12 and demo.screenings == 2 * demo.participants
    assert demo.attendance == demo.event.duration_days * demo.participants - 1
    assert Participant.objects.count() == demo_snapshot.count(Participant)


def test_a_test_that_does_not_ask_for_the_demo_starts_from_an_empty_database(db, demo_snapshot):
    assert demo_snapshot.count(Participant) >= 30
    assert demo_snapshot.count(VillageLibrary) >= 12
    for table in demo_snapshot.tables:
        assert not table.model._base_manager.exists(), table.model._meta.label


def test_rows_a_test_makes_before_restoring_keep_their_own_keys(db, demo_snapshot):
    mine = ParticipantFactory()
    snapshot_restore(demo_snapshot)
    in_demo = demo_snapshot.count(Participant)
    assert Participant.objects.count() == in_demo + 1
    assert Participant.objects.get(pk=mine.pk).full_name == mine.full_name
    after = ParticipantFactory()
    assert after.pk != mine.pk and Participant.objects.count() == in_demo + 2


def test_restored_rows_are_stamped_with_the_restore_time(db, demo_snapshot):
    start = timezone.now()
    snapshot_restore(demo_snapshot)
    stamps = VillageLibrary.objects.values_list("created", "modified")
    assert len(stamps) == demo_snapshot.count(VillageLibrary) >= 12
    assert all(created >= start and modified >= start for created, modified in stamps)
    assert all(created - start < datetime.timedelta(minutes=1) for created, _ in stamps)


def test_a_snapshot_is_taken_again_when_rows_it_points_to_have_changed(db):
    """What a flush by a transactional test does: content types come back with new keys."""
    content_type = ContentType.objects.get_for_model(Province)
    builds = []

    def build():
        builds.append(1)
        return AuditEvent.objects.create(action="uji", content_type=content_type)

    store = SnapshotStore(build)
    first = store.get()
    assert store.get() is first and first.is_current() and len(builds) == 1
    ContentType.objects.filter(pk=content_type.pk).update(model="provinsi")
    assert not first.is_current()
    assert store.get() is not first and len(builds) == 2


def test_a_build_that_changes_existing_rows_cannot_be_snapshotted(db):
    ProvinceFactory(code="44", name="Provinsi Lama")
    with pytest.raises(SnapshotError, match="villages.Province"):
        snapshot_take(lambda: Province.objects.filter(code="44").update(name="Provinsi Baru"))
    assert Province.objects.get(code="44").name == "Provinsi Lama"


def test_a_snapshot_holds_only_the_rows_its_build_added(db):
    ProvinceFactory(code="44")
    snapshot = snapshot_take(lambda: ProvinceFactory(code="45"))
    assert [table.rows[0][0] for table in snapshot.tables] == ["45"]
    assert not Province.objects.filter(code="45").exists()  # the build was rolled back
