"""The demo: the Bali 2021 Bimtek of the seed article, as DOMAIN.md's facts table gives it.

Every fact of the article is carried exactly. The article names no participants: the people
created here are generated, deterministic, and flagged `is_sample` (their e-mails are at
example.org and their phones in a range no operator issues).
"""

import datetime
import random
from dataclasses import dataclass

from django.db import transaction

from programs.demo import demo_program_year_seed
from programs.models import Institution, Official, Program, ProgramCycle
from programs.services import beneficiary_add
from villages.demo import demo_literacy_index_seed
from villages.models import Province, Village
from villages.regions import regions_load
from villages.services import library_get_or_create

from . import demo_english as en
from .demo_national import demo_national_event_seed
from .models import AgendaItem, Attendance, HealthScreening, Participant, TrainingEvent
from .services import participant_register

EVENT_SLUG = "bimtek-strategi-pengembangan-tik-bali-2021"
EVENT_TITLE = "Bimbingan Teknis Strategi Pengembangan Teknologi Informasi dan Komunikasi"
START, END = datetime.date(2021, 6, 28), datetime.date(2021, 7, 2)
VENUE = "Hotel Swiss-Belhotel Tuban, Bali"

# regency code -> village codes, in the article's order
BENEFICIARY_VILLAGES = {
    "51.03": ["51.03.02.2009", "51.03.05.2003", "51.03.03.2008", "51.03.03.2014", "51.03.02.2008"],
    "51.05": ["51.05.02.2003", "51.05.03.2015", "51.05.04.2002", "51.05.04.2010"],
    "51.02": ["51.02.05.2004", "51.02.05.2005", "51.02.08.2010"],
}

LEARNING_GOALS = [
    "Memahami konsep perpustakaan berbasis inklusi sosial",
    "Memahami strategi pengembangan perpustakaan berbasis inklusi sosial",
    "Memahami dampak layanan perpustakaan di masa pandemi",
    "Memahami teknologi informasi perpustakaan",
    "Menyusun program dan strategi perpustakaan dengan memanfaatkan potensi desa setempat",
]

PROGRAM_DESCRIPTION = (
    "Transformasi Perpustakaan Berbasis Inklusi Sosial adalah bagian dari program Prioritas "
    "Nasional yang bertujuan memperkuat peran perpustakaan umum dalam meningkatkan kualitas "
    "sumber daya manusia yang unggul melalui peningkatan kemampuan literasi untuk mewujudkan "
    "Indonesia maju. Perpustakaan tidak hanya meminjamkan buku: perpustakaan menjadi tempat "
    "masyarakat desa belajar keterampilan dan memecahkan masalahnya sendiri."
)

SUMMARY = (
    "Bimtek lima hari bagi 12 perpustakaan desa penerima manfaat TPBIS 2021 dari Kabupaten "
    "Badung, Klungkung dan Tabanan."
)

HEALTH_PROTOCOL = (
    "Peserta mengikuti protokol kesehatan Covid-19 dengan tertib dan menyerahkan hasil swab "
    "antigen negatif sebelum dan setelah mengikuti kegiatan."
)

REPORT = """\
Bimbingan Teknis Strategi Pengembangan Teknologi Informasi dan Komunikasi diselenggarakan oleh \
Perpustakaan Nasional Republik Indonesia pada tanggal 28 Juni sampai 2 Juli 2021 di Hotel \
Swiss-Belhotel Tuban, Bali, sebagai pelaksanaan kegiatan Transformasi Perpustakaan Berbasis \
Inklusi Sosial. Kegiatan ini merupakan bagian dari program Prioritas Nasional yang bertujuan \
memperkuat peran perpustakaan umum dalam meningkatkan kualitas sumber daya manusia melalui \
peningkatan kemampuan literasi untuk mewujudkan Indonesia maju.

Bali adalah salah satu dari 32 provinsi sasaran kegiatan ini, dengan 12 perpustakaan desa dari \
450 perpustakaan terpilih se-Indonesia yang diharapkan menjadi contoh perpustakaan desa berbasis \
inklusi sosial. Peserta tahun ini berasal dari tiga kabupaten: Kabupaten Badung dengan lima \
perpustakaan desa (Mengwi, Kutuh, Abiansemal, Punggul dan Baha), Kabupaten Klungkung dengan empat \
(Banjarangkan, Manduang, Sampalan Tengah dan Pikat), dan Kabupaten Tabanan dengan tiga (Delod \
Peken, Dauh Peken dan Penebel).

Kegiatan dibuka oleh Plt. Kepala Dinas Kearsipan dan Perpustakaan Provinsi Bali, Ibu Luh Ayu \
Aryani. Dalam sambutannya beliau berharap peserta mengikuti kegiatan dengan khidmat dan serius, \
karena transformasi perpustakaan berbasis inklusi sosial memanfaatkan perpustakaan tidak hanya \
untuk menyediakan sarana informasi, tetapi juga untuk mempraktikkan informasi tersebut, sehingga \
perpustakaan desa dapat membantu mengatasi permasalahan di desa.

Selama lima hari kegiatan, peserta mengikuti protokol kesehatan Covid-19 dengan tertib dan \
menyerahkan hasil swab antigen negatif sebelum dan setelah mengikuti Bimtek. Melalui kegiatan \
ini peserta diharapkan memahami konsep dan strategi pengembangan perpustakaan berbasis inklusi \
sosial, dampak layanan perpustakaan di masa pandemi, dan teknologi informasi perpustakaan, yang \
pada akhirnya membantu mereka menyusun program dan strategi perpustakaan dengan memanfaatkan \
potensi desa setempat.

Kegiatan ditutup oleh Kepala Perpustakaan Nasional Republik Indonesia, Bapak Muhammad Syarif \
Bando, yang diwakili oleh Bapak Nurhadisaputra, Koordinator Pengembangan Perpustakaan Umum. \
Beliau menyampaikan bahwa peran perpustakaan harus ditingkatkan sebagai wahana pembelajaran \
bersama untuk mengembangkan potensi masyarakat: selain menyediakan sumber bacaan, informasi dan \
pengetahuan, perpustakaan juga memfasilitasi masyarakat dengan berbagai pelatihan dan \
keterampilan untuk pemberdayaan sosial ekonomi masyarakat."""

# The paperwork settings (trainings.paperwork). SAMPLE values: the article says nothing of
# certificates or letters, so the hours, the invitation letter's number, date and place are
# invented (the number says so); the number series is the house default
# (001/BIMTEK-TPBIS/VI/2021) and the threshold the default (every day).
SAMPLE_PAPERWORK = {
    "hours": 40,  # 5 days of 8 JP
    "certificate_min_days": None,
    "invitation_number": "001/UND/BIMTEK-TPBIS/VI/2021 (contoh)",
    "invitation_date": datetime.date(2021, 6, 14),
    "invitation_place": "Jakarta",
    "invitation_quota": 2,
}

# Balinese names for the generated sample participants.
MALE_NAMES = [
    "I Made Sutama",
    "I Wayan Ardana",
    "I Nyoman Suarjana",
    "I Ketut Wirawan",
    "I Putu Eka Saputra",
    "I Gede Artawan",
    "I Komang Adi Putra",
    "I Kadek Darmawan",
    "I Gusti Ngurah Oka",
    "Anak Agung Gede Raka",
    "I Dewa Gede Sudarma",
    "I Wayan Sukerta",
    "I Nengah Mudita",
    "I Ketut Sudiarsa",
    "Ida Bagus Ketut Mantra",
]
FEMALE_NAMES = [
    "Ni Luh Putu Sriani",
    "Ni Made Ayu Lestari",
    "Ni Nyoman Sukarini",
    "Ni Ketut Suartini",
    "Ni Wayan Sudiartini",
    "Ni Putu Ayu Widiastuti",
    "Ni Komang Tri Utami",
    "Ni Kadek Dwi Yanti",
    "Desak Made Rai",
    "Anak Agung Istri Mas",
    "Ni Gusti Ayu Kade Sri",
    "Ni Luh Gede Sari",
    "Ni Nengah Sukasih",
    "Ni Wayan Darmini",
    "Ida Ayu Made Sukreni",
]
ROLES = [Participant.Role.HEAD, Participant.Role.LIBRARIAN, Participant.Role.VOLUNTEER]


@dataclass
class DemoResult:
    event: TrainingEvent
    libraries: int
    participants: int
    attendance: int
    screenings: int


def _ascii_handle(name: str) -> str:
    parts = [p.lower() for p in name.replace("'", "").split() if p not in {"I", "Ni"}]
    return ".".join(parts[-2:])


@transaction.atomic
def demo_seed() -> DemoResult:
    """Create or bring up to date the whole demo. Running it again changes nothing."""
    if (
        not Village.objects.filter(
            code__in=[c for codes in BENEFICIARY_VILLAGES.values() for c in codes]
        ).count()
        == 12
    ):
        regions_load(province="51")
    bali = Province.objects.get(code="51")

    perpusnas, _ = Institution.objects.update_or_create(
        name="Perpustakaan Nasional Republik Indonesia",
        defaults={"short_name": "Perpusnas", "level": Institution.Level.NATIONAL},
    )
    dinas_bali, _ = Institution.objects.update_or_create(
        name="Dinas Kearsipan dan Perpustakaan Provinsi Bali",
        defaults={
            "short_name": "Disarpus Bali",
            "level": Institution.Level.PROVINCE,
            "province": bali,
        },
    )
    opened_by, _ = Official.objects.get_or_create(
        name="Luh Ayu Aryani",
        position="Plt. Kepala Dinas Kearsipan dan Perpustakaan Provinsi Bali",
        institution=dinas_bali,
    )
    closed_by, _ = Official.objects.get_or_create(
        name="Muhammad Syarif Bando",
        position="Kepala Perpustakaan Nasional Republik Indonesia",
        institution=perpusnas,
    )
    representative, _ = Official.objects.get_or_create(
        name="Nurhadisaputra",
        position="Koordinator Pengembangan Perpustakaan Umum",
        institution=perpusnas,
    )

    program, _ = Program.objects.update_or_create(
        code="tpbis",
        defaults={
            "name": "Transformasi Perpustakaan Berbasis Inklusi Sosial",
            "institution": perpusnas,
            "description": PROGRAM_DESCRIPTION,
            "description_en": en.PROGRAM_DESCRIPTION_EN,
        },
    )
    cycle, _ = ProgramCycle.objects.update_or_create(
        program=program, year=2021, defaults={"target_provinces": 32, "target_libraries": 450}
    )

    event, _ = TrainingEvent.objects.update_or_create(
        slug=EVENT_SLUG,
        defaults={
            "title": EVENT_TITLE,
            "cycle": cycle,
            "organiser": perpusnas,
            "host": dinas_bali,
            "province": bali,
            "regency": None,
            "kind": TrainingEvent.Kind.BIMTEK,
            "level": TrainingEvent.Level.PROVINCE,
            "mode": TrainingEvent.Mode.IN_PERSON,
            "venue": VENUE,
            "start_date": START,
            "end_date": END,
            "opened_by": opened_by,
            "closed_by": closed_by,
            "closed_by_representative": representative,
            "learning_goals": "\n".join(LEARNING_GOALS),
            "requires_negative_test": True,
            "health_protocol": HEALTH_PROTOCOL,
            "status": TrainingEvent.Status.PUBLISHED,
            "summary": SUMMARY,
            "report": REPORT,
            # English twins (core/localized.py): the article's facts, rendered faithfully.
            "title_en": en.EVENT_TITLE_EN,
            "summary_en": en.SUMMARY_EN,
            "learning_goals_en": "\n".join(en.LEARNING_GOALS_EN),
            "health_protocol_en": en.HEALTH_PROTOCOL_EN,
            "report_en": en.REPORT_EN,
            **SAMPLE_PAPERWORK,
            # The article's closing official, Perpusnas's head, signs (sample: it names no signer).
            "signing_official": closed_by,
        },
    )
    event.served_provinces.set([bali])  # a province-level Bimtek serving Bali
    _seed_agenda(event, opened_by, representative)

    rng = random.Random(2021)
    males, females = list(MALE_NAMES), list(FEMALE_NAMES)
    rng.shuffle(males)
    rng.shuffle(females)
    participants = []
    libraries = 0
    for village_code in [c for codes in BENEFICIARY_VILLAGES.values() for c in codes]:
        village = Village.objects.select_related("district", "regency").get(code=village_code)
        library, _ = library_get_or_create(
            village=village,
            address=(
                f"Desa {village.name}, Kecamatan {village.district.name}, "
                f"{village.regency.name}, Bali"
            ),
        )
        beneficiary_add(cycle=cycle, library=library)
        libraries += 1
        for i in range(2 + (libraries % 2)):  # 2 or 3 people per library
            number = len(participants) + 1
            female = number % 2 == 0
            name = (females if female else males).pop()
            participant, _ = participant_register(
                event=event,
                library=library,
                full_name=name,
                gender=Participant.Gender.FEMALE if female else Participant.Gender.MALE,
                role=ROLES[i],
                # 0812-0000-0xxx: a sample range, never a real subscriber.
                phone=f"+62812000{number:05d}",
                email=f"{_ascii_handle(name)}@example.org",
                is_sample=True,
            )
            participants.append(participant)

    demo_program_year_seed(cycle_2021=cycle)  # aid, deliveries, a second cycle (programs)
    demo_literacy_index_seed()  # IPLM of Bali's regencies and the province (sample values)

    # The cross-province case: a national online meeting with Bali and Jawa Barat people.
    demo_national_event_seed(cycle=cycle, organiser=perpusnas, bali_participants=participants)

    # Every participant present every day, but one missed the last morning's sign-in.
    existing = set(
        Attendance.objects.filter(participant__event=event).values_list("participant_id", "day")
    )
    absent = (participants[4].pk, END)
    Attendance.objects.bulk_create(
        [
            Attendance(participant=p, day=day)
            for p in participants
            for day in event.days
            if (p.pk, day) not in existing and (p.pk, day) != absent
        ]
    )
    have = set(
        HealthScreening.objects.filter(participant__event=event).values_list(
            "participant_id", "phase"
        )
    )
    HealthScreening.objects.bulk_create(
        [
            HealthScreening(
                participant=p,
                phase=phase,
                test_type=HealthScreening.TestType.ANTIGEN,
                result=HealthScreening.Result.NEGATIVE,
                tested_on=tested_on,
            )
            for p in participants
            for phase, tested_on in (
                (HealthScreening.Phase.BEFORE, START - datetime.timedelta(days=1)),
                (HealthScreening.Phase.AFTER, END),
            )
            if (p.pk, phase) not in have
        ]
    )
    return DemoResult(
        event=event,
        libraries=libraries,
        participants=len(participants),
        attendance=Attendance.objects.filter(participant__event=event).count(),
        screenings=HealthScreening.objects.filter(participant__event=event).count(),
    )


def _seed_agenda(event: TrainingEvent, opened_by: Official, representative: Official) -> None:
    """The learning goals as the agenda, one a day, between the opening and the closing.

    The article gives no times, so none are invented; items of a day keep the order created.
    """
    goals_en = dict(zip(LEARNING_GOALS, en.LEARNING_GOALS_EN, strict=True))
    topics_en = {**en.AGENDA_TOPICS_EN, **goals_en}
    items = [(START, "Pembukaan", opened_by.name)]
    items += [
        (START + datetime.timedelta(days=offset), goal, "")
        for offset, goal in enumerate(LEARNING_GOALS)
    ]
    items.append((END, "Penutupan", representative.name))
    for day, topic, speaker in items:
        AgendaItem.objects.update_or_create(
            event=event,
            day=day,
            topic=topic,
            defaults={
                "start_time": None,
                "end_time": None,
                "speaker": speaker,
                "topic_en": topics_en[topic],
            },
        )
