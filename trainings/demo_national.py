"""The demo's national event: an online peer-learning meeting of Perpusnas for the 2021
beneficiaries of Bali and Jawa Barat, to show the cross-province case (issue 11).

All of it is sample data: the article reports no such meeting, its people are generated and
flagged `is_sample`, and the three Jawa Barat libraries (real villages of Kabupaten Bandung)
replicate the model with village funds in the 2021 cycle — sample data, noted as such — so the
cycle's public figures stay those of the seed article (12 village libraries, all in Bali).
"""

from __future__ import annotations

import datetime

from programs.models import Beneficiary, Institution, ProgramCycle
from programs.services import beneficiary_add
from villages.models import Village
from villages.regions import regions_load
from villages.services import library_get_or_create

from .models import Attendance, Participant, TrainingEvent
from .services import participant_register

NATIONAL_SLUG = "pertemuan-peer-learning-nasional-tpbis-2021-daring"
NATIONAL_TITLE = "Pertemuan Peer Learning Nasional TPBIS 2021 (daring) — contoh"
NATIONAL_START = datetime.date(2021, 10, 12)
NATIONAL_END = datetime.date(2021, 10, 13)
SAMPLE_NOTE = "Data contoh untuk demo: bukan daftar penerima manfaat 2021 yang sebenarnya."

#: Kabupaten Bandung villages (official codes), demo replication libraries of 2021.
JABAR_VILLAGES = ["32.04.05.2001", "32.04.05.2003", "32.04.05.2004"]
JABAR_PEOPLE = [
    ("Euis Komalasari", Participant.Gender.FEMALE, "Kepala Perpustakaan Desa"),
    ("Asep Saepudin", Participant.Gender.MALE, "Pengelola Perpustakaan"),
    ("Neng Siti Rohmah", Participant.Gender.FEMALE, "Relawan Literasi"),
]


def demo_national_event_seed(
    *, cycle: ProgramCycle, organiser: Institution, bali_participants: list[Participant]
) -> TrainingEvent:
    """Create or bring up to date the national event; running it again changes nothing."""
    if Village.objects.filter(code__in=JABAR_VILLAGES).count() != len(JABAR_VILLAGES):
        regions_load(province="32")
    if not Village.objects.filter(province_id="31").exists():
        regions_load(province="31")  # held in Jakarta, where Perpusnas is
    event, _ = TrainingEvent.objects.update_or_create(
        slug=NATIONAL_SLUG,
        defaults={
            "title": NATIONAL_TITLE,
            "cycle": cycle,
            "organiser": organiser,
            "province_id": "31",
            "regency": None,
            "kind": TrainingEvent.Kind.PEER_LEARNING,
            "level": TrainingEvent.Level.NATIONAL,
            "mode": TrainingEvent.Mode.ONLINE,
            "meeting_link": "https://meet.example.org/tpbis-peer-learning-2021",
            "venue": "Daring (Zoom)",
            "start_date": NATIONAL_START,
            "end_date": NATIONAL_END,
            "status": TrainingEvent.Status.PUBLISHED,
            "summary": (
                "Contoh data demo: pertemuan daring perpustakaan desa penerima manfaat di Bali "
                "dan perpustakaan desa replikasi di Jawa Barat untuk saling belajar."
            ),
        },
    )
    event.served_provinces.set(["51", "32"])

    people: list[Participant] = []
    # The heads of four Bali libraries of the Bimtek: the same people, not new ones.
    for bali in [p for p in bali_participants if p.role == Participant.Role.HEAD][:4]:
        participant, _ = participant_register(
            event=event,
            library=bali.library,
            full_name=bali.full_name,
            gender=bali.gender,
            role=bali.role,
            position="Kepala Perpustakaan Desa",
            phone=bali.phone,
            email=bali.email,
            is_sample=True,
        )
        people.append(participant)
    for n, (code, (name, gender, position)) in enumerate(
        zip(JABAR_VILLAGES, JABAR_PEOPLE, strict=True), start=1
    ):
        village = Village.objects.select_related("district", "regency").get(code=code)
        library, _ = library_get_or_create(village=village, description=SAMPLE_NOTE)
        # Replication with village funds, not the central 2021 stimulus: the cycle's public
        # figures stay the article's (12 libraries in Bali), the Jawa Barat ones shown apart.
        beneficiary_add(
            cycle=cycle,
            library=library,
            track=Beneficiary.Track.REPLICATION,
            funding_source=Beneficiary.Funding.VILLAGE_FUNDS,
            notes=SAMPLE_NOTE,
        )
        role = {
            "Kepala Perpustakaan Desa": Participant.Role.HEAD,
            "Relawan Literasi": Participant.Role.VOLUNTEER,
        }.get(position, Participant.Role.LIBRARIAN)
        participant, _ = participant_register(
            event=event,
            library=library,
            full_name=name,
            gender=gender,
            role=role,
            position=position,
            phone=f"+62812000{900 + n:05d}",
            email=f"peserta.jabar{n}@example.org",
            is_sample=True,
        )
        people.append(participant)

    # Everyone on the first day; one Jawa Barat participant missed the second. Written as the
    # Bimtek's demo attendance is (seed data, not a coordinator's action for the audit trail).
    existing = set(
        Attendance.objects.filter(participant__event=event).values_list("participant_id", "day")
    )
    Attendance.objects.bulk_create(
        [
            Attendance(participant=p, day=day)
            for p in people
            for day in event.days
            if (p.pk, day) not in existing and (p.pk, day) != (people[-1].pk, NATIONAL_END)
        ]
    )
    return event
