"""Existing records in the new shape: one person per identity (normalised name + library), each
participant pointing to theirs; events held for a regency are regency-level; every event serves
the region where it is held (what the old scoping rule meant)."""

from django.db import migrations

from trainings.models import participant_name_key


def forwards(apps, schema_editor):
    Participant = apps.get_model("trainings", "Participant")
    Person = apps.get_model("trainings", "Person")
    TrainingEvent = apps.get_model("trainings", "TrainingEvent")

    people: dict[tuple[str, int], int] = {}
    rows = Participant.objects.order_by("event__start_date", "pk").values_list(
        "pk", "full_name", "library_id", "gender", "role", "is_sample"
    )
    links: dict[int, list[int]] = {}
    for pk, full_name, library_id, gender, role, is_sample in rows.iterator():
        key = (participant_name_key(full_name), library_id)
        if key not in people:
            people[key] = Person.objects.create(
                full_name=full_name,
                name_key=key[0],
                library_id=library_id,
                gender=gender,
                role=role,
                is_sample=is_sample,
            ).pk
        links.setdefault(people[key], []).append(pk)
    for person_id, pks in links.items():
        Participant.objects.filter(pk__in=pks).update(person_id=person_id)

    for event in TrainingEvent.objects.all():
        if event.regency_id:
            event.level = "regency"
            event.save(update_fields=["level"])
            event.served_regencies.add(event.regency_id)
        else:
            event.served_provinces.add(event.province_id)


class Migration(migrations.Migration):
    dependencies = [("trainings", "0003_events_people_guests")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
