"""Participants' phones in the one stored form (core.phones): numbers typed by hand in the admin
were kept as typed ("0812…") while imports stored "+62812…", so the importer reported a change
for the same number. Unreadable values are left as they were (validation reports them on the
next edit). Not reversible in a useful way: going back keeps the normal form."""

from django.db import migrations

from core.phones import normalise_phone


def normalise(apps, schema_editor):
    Participant = apps.get_model("trainings", "Participant")
    changed = []
    for participant in (
        Participant.objects.exclude(phone="").only("pk", "phone").iterator(chunk_size=2000)
    ):
        normal = normalise_phone(participant.phone)
        if normal and normal != participant.phone:
            participant.phone = normal
            changed.append(participant)
        if len(changed) >= 2000:
            Participant.objects.bulk_update(changed, ["phone"])
            changed = []
    if changed:
        Participant.objects.bulk_update(changed, ["phone"])


class Migration(migrations.Migration):
    dependencies = [("trainings", "0005_paperwork_certificates")]

    operations = [migrations.RunPython(normalise, migrations.RunPython.noop)]
