"""One participant identity ("the same person") for the model (admin), the service and the
importer: the same library and the same name, whatever its case, accents, punctuation or
spacing. A shared phone never makes two people one."""

import pytest
from django.core.exceptions import ValidationError

from trainings.importing import DUPLICATE, NEW, UPDATE, participants_import
from trainings.models import Participant
from trainings.services import participant_register
from villages.models import VillageLibrary

from .files import HEADER, csv_bytes

pytestmark = pytest.mark.django_db


def test_identity_ignores_case_accents_punctuation_and_spacing_but_not_the_library():
    key = Participant.identity_key("I Gusti Ngurah Oka", 7)
    assert Participant.identity_key("I GUSTI  NGURAH OKA.", 7) == key
    assert Participant.identity_key("i gusti ngurah öka", 7) == key
    assert Participant.identity_key("I Gusti Ngurah Oka", 8) != key
    assert Participant.identity_key("I Gusti Ngurah Oki", 7) != key


def _library():
    return VillageLibrary.objects.get(village_id="51.05.04.2010")


def test_the_service_registers_the_same_person_once_and_keeps_the_first_spelling(demo):
    library = _library()
    first, created = participant_register(
        event=demo.event, library=library, full_name="Ni Luh Putu Sriani", gender="P"
    )
    again, created_again = participant_register(
        event=demo.event,
        library=library,
        full_name="NI LUH PUTU  SRIANI",
        gender="P",
        role=Participant.Role.HEAD,
        phone="+6281200001111",
    )
    assert created and not created_again and again.pk == first.pk
    again.refresh_from_db()
    assert (again.full_name, again.role, again.phone) == (
        "Ni Luh Putu Sriani",
        "head",
        "+6281200001111",
    )


def test_the_service_registers_two_people_who_share_a_phone(demo):
    library = _library()
    for name in ("I Wayan Keluarga", "Ni Made Keluarga"):
        participant_register(
            event=demo.event, library=library, full_name=name, gender="L", phone="+6281244440001"
        )
    assert Participant.objects.filter(event=demo.event, phone="+6281244440001").count() == 2


def test_the_model_refuses_a_second_registration_of_the_same_person(demo):
    # What the admin's forms run (Model.full_clean → clean).
    library = _library()
    participant_register(event=demo.event, library=library, full_name="I Made Suarsa", gender="L")
    twin = Participant(event=demo.event, library=library, full_name="i made suarsa", gender="L")
    with pytest.raises(ValidationError) as error:
        twin.full_clean()
    assert "full_name" in error.value.message_dict
    other_library = VillageLibrary.objects.get(village_id="51.03.02.2009")
    Participant(
        event=demo.event, library=other_library, full_name="I Made Suarsa", gender="L"
    ).full_clean()  # another library: another person
    existing = Participant.objects.get(event=demo.event, full_name="I Made Suarsa")
    existing.full_clean()  # saving oneself again is not a duplicate


def test_the_importer_finds_the_person_the_service_registered(demo, superuser):
    library = _library()
    participant_register(
        event=demo.event, library=library, full_name="Ni Komang Ayu Lestari", gender="P"
    )

    def import_rows(*rows):
        return participants_import(
            event=demo.event,
            user=superuser,
            data=csv_bytes([HEADER, *rows]),
            filename="peserta.csv",
        )

    same = import_rows(["NI KOMANG AYU LESTARI", "P", "", "51.05.04.2010"])
    changed = import_rows(["ni komang ayu lestari.", "P", "Relawan", "51.05.04.2010"])
    other = import_rows(["Ni Komang Ayu Lestari", "P", "", "51.05.02.2003"])
    assert same.rows[0].outcome == DUPLICATE
    assert changed.rows[0].outcome == UPDATE
    assert other.rows[0].outcome == NEW  # another library: another person
