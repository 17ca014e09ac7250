"""Synthetic national-scale data for benchmarks and load tests (never real people).

Everything made here is plainly marked: participants have ``is_sample=True``, "(sampel)" after
their name and an ``example.org`` address; libraries (at the three levels), events and their
slugs say "Sampel"/"sampel-"; beneficiaries (central and replication) belong to those libraries
and say so in their notes. A run first removes what an earlier run made (only rows with those
marks), so it can be repeated; the demo event and real records are never touched.

Fast by construction: ``bulk_create`` in large batches, no per-row queries, no history rows
(synthetic rows have no history worth keeping). On PostgreSQL a million participants take well
under a minute or two.
"""

from __future__ import annotations

import datetime
import random
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext

from programs.models import Beneficiary, Institution, Program, ProgramCycle
from villages.models import Province, Regency, Village, VillageLibrary
from villages.regions import regions_load

from .models import Attendance, HealthScreening, Participant, TrainingEvent

SLUG_PREFIX = "sampel-"
LIBRARY_SUFFIX = " (Sampel)"
NAME_SUFFIX = " (sampel)"
#: Ten cycles, 2015–2024.
YEARS = range(2015, 2025)
BATCH = 10_000
SAMPLE_NOTE = "Data sampel sintetis; bukan penerima manfaat nyata."
#: The statuses sample beneficiaries cycle through: mostly public (selected or further).
STATUS_MIX = (
    Beneficiary.Status.SELECTED,
    Beneficiary.Status.ACTIVE,
    Beneficiary.Status.COMPLETED,
    Beneficiary.Status.COMPLETED,
    Beneficiary.Status.ACTIVE,
    Beneficiary.Status.COMPLETED,
    Beneficiary.Status.PROPOSED,
    Beneficiary.Status.VERIFIED,
    Beneficiary.Status.COMPLETED,
    Beneficiary.Status.WITHDRAWN,
)
REPLICATION_FUNDING = (
    Beneficiary.Funding.VILLAGE_FUNDS,
    Beneficiary.Funding.REGENCY_APBD,
    Beneficiary.Funding.PROVINCE_APBD,
)

FIRST_NAMES = [
    "I Made",
    "I Wayan",
    "Ni Luh",
    "Ni Made",
    "Siti",
    "Muhammad",
    "Agus",
    "Dewi",
    "Budi",
    "Sri",
    "Nur",
    "Ahmad",
    "Rina",
    "Yohanes",
    "Maria",
    "Desak",
    "Anak Agung",
    "Ida Bagus",
    "Putu",
    "Teuku",
]
LAST_NAMES = [
    "Sutama",
    "Lestari",
    "Rahayu",
    "Saputra",
    "Hidayat",
    "Wibowo",
    "Simanjuntak",
    "Nainggolan",
    "Kurniawan",
    "Pratiwi",
    "Wulandari",
    "Setiawan",
    "Siregar",
    "Manurung",
    "Pattiasina",
    "Oka",
]
TOPICS = [
    "Strategi Pengembangan Teknologi Informasi dan Komunikasi",
    "Pengembangan Perpustakaan Berbasis Inklusi Sosial",
    "Penyusunan Program Kegiatan Pelibatan Masyarakat",
    "Advokasi dan Kemitraan Perpustakaan Desa",
]


@dataclass
class SampleResult:
    libraries: int
    beneficiaries: int
    events: int
    participants: int
    seconds: float


def sample_data_remove() -> int:
    """Delete what an earlier run made (only rows carrying the sample marks)."""
    events = TrainingEvent.objects.filter(slug__startswith=SLUG_PREFIX)
    participants = Participant.objects.filter(event__in=events, is_sample=True)
    # _raw_delete: one DELETE each, no million-object cascade collection in Python.
    Attendance.objects.filter(participant__in=participants)._raw_delete("default")
    HealthScreening.objects.filter(participant__in=participants)._raw_delete("default")
    removed = participants._raw_delete("default")
    Participant.objects.filter(event__in=events)._raw_delete("default")
    events._raw_delete("default")
    libraries = VillageLibrary.objects.filter(slug__startswith=SLUG_PREFIX)
    Beneficiary.objects.filter(library__in=libraries)._raw_delete("default")
    Participant.objects.filter(library__in=libraries)._raw_delete("default")
    libraries._raw_delete("default")
    return removed or 0


def _sample_libraries(rng: random.Random, libraries: int) -> list[VillageLibrary]:
    """Unsaved sample libraries at the three levels: one for every province and every regency
    that has none yet, and ``libraries`` village libraries on villages that have none.
    bulk_create skips save(), which derives the region fields: they are set here."""
    description = "Data sampel sintetis untuk uji beban; bukan perpustakaan nyata."
    made: list[VillageLibrary] = []
    has_province = set(
        VillageLibrary.objects.filter(level=VillageLibrary.Level.PROVINCE).values_list(
            "province_id", flat=True
        )
    )
    for code, name in Province.objects.order_by("code").values_list("code", "name"):
        if code not in has_province:
            made.append(
                VillageLibrary(
                    level=VillageLibrary.Level.PROVINCE,
                    province_id=code,
                    region_code=code,
                    name=f"Perpustakaan Provinsi {name}{LIBRARY_SUFFIX}",
                    slug=f"{SLUG_PREFIX}provinsi-{code}",
                    description=description,
                )
            )
    has_regency = set(
        VillageLibrary.objects.filter(level=VillageLibrary.Level.REGENCY).values_list(
            "regency_id", flat=True
        )
    )
    for code, name, province in Regency.objects.order_by("code").values_list(
        "code", "name", "province_id"
    ):
        if code not in has_regency:
            made.append(
                VillageLibrary(
                    level=VillageLibrary.Level.REGENCY,
                    regency_id=code,
                    province_id=province,
                    region_code=code,
                    name=f"Perpustakaan {name}{LIBRARY_SUFFIX}",
                    slug=f"{SLUG_PREFIX}{code.replace('.', '-')}",
                    description=description,
                )
            )
    taken = set(VillageLibrary.objects.exclude(village=None).values_list("village_id", flat=True))
    codes = [
        row
        for row in Village.objects.order_by("code").values_list(
            "code", "name", "province_id", "regency_id"
        )
        if row[0] not in taken
    ]
    chosen = sorted(rng.sample(codes, min(libraries, len(codes))))
    made.extend(
        VillageLibrary(
            level=VillageLibrary.Level.VILLAGE,
            village_id=code,
            regency_id=regency,
            province_id=province,
            region_code=code,
            name=f"Perpustakaan Desa {name}{LIBRARY_SUFFIX}",
            slug=f"{SLUG_PREFIX}{code.replace('.', '-')}",
            description=description,
        )
        for code, name, province, regency in chosen
    )
    return made


def _sample_beneficiary(
    rng: random.Random, cycle: ProgramCycle, pk: int, level: str, n: int
) -> Beneficiary:
    """One sample beneficiary: every fifth village library replicates the model with local
    funds (active or completed); the others are centrally funded, most selected or further,
    some still proposed, verified or withdrawn (so the public rule has rows to leave out)."""
    S = Beneficiary.Status
    replication = level == VillageLibrary.Level.VILLAGE and n % 5 == 4
    status = STATUS_MIX[n % len(STATUS_MIX)]
    if replication:  # no national selection: running (every other one) or completed
        status = S.ACTIVE if n % 2 else S.COMPLETED
    return Beneficiary(
        cycle=cycle,
        library_id=pk,
        status=status,
        track=Beneficiary.Track.REPLICATION if replication else Beneficiary.Track.CENTRAL,
        funding_source=rng.choice(REPLICATION_FUNDING) if replication else Beneficiary.Funding.APBN,
        selected_on=datetime.date(cycle.year, 3, 1)
        if status in (S.SELECTED, S.ACTIVE, S.COMPLETED)
        else None,
        withdrawal_reason="Data sampel: mengundurkan diri." if status == S.WITHDRAWN else "",
        notes=SAMPLE_NOTE,
    )


def sample_data_generate(
    *,
    participants: int,
    libraries: int = 5000,
    events: int = 3000,
    seed: int = 2024,
    load_regions: bool = True,
    progress: Callable[[str], None] = lambda message: None,
) -> SampleResult:
    """Fill the database with synthetic data at national scale: all regions (``load_regions``:
    loaded when missing), a library for every province and regency that has none and
    ``libraries`` village libraries, beneficiaries in the ten cycles 2015–2024 (central and
    replication, in every workflow status), ``events`` events and ``participants``
    participants (each from a library of the event's province)."""
    started = time.perf_counter()
    rng = random.Random(seed)
    if load_regions and Village.objects.count() < 80_000:
        progress(gettext("Loading the official regions…"))
        regions_load()
    with transaction.atomic():
        sample_data_remove()
        perpusnas, _ = Institution.objects.get_or_create(
            name="Perpustakaan Nasional Republik Indonesia",
            defaults={"short_name": "Perpusnas", "level": Institution.Level.NATIONAL},
        )
        program, _ = Program.objects.get_or_create(
            code="tpbis",
            defaults={
                "name": "Transformasi Perpustakaan Berbasis Inklusi Sosial",
                "institution": perpusnas,
            },
        )
        cycles = {}
        for year in YEARS:
            cycles[year], _ = ProgramCycle.objects.get_or_create(
                program=program,
                year=year,
                defaults={"target_provinces": 32, "target_libraries": 450},
            )

        progress(
            gettext("Libraries: provinces and regencies without one, and %(count)s villages…")
            % {"count": libraries}
        )
        VillageLibrary.objects.bulk_create(_sample_libraries(rng, libraries), batch_size=BATCH)
        library_rows = list(
            VillageLibrary.objects.filter(slug__startswith=SLUG_PREFIX)
            .order_by("pk")
            .values_list("pk", "province_id", "level")
        )
        by_province: dict[str, list[int]] = {}
        for pk, province, _level in library_rows:
            by_province.setdefault(province, []).append(pk)
        years = list(YEARS)
        beneficiaries = Beneficiary.objects.bulk_create(
            [
                _sample_beneficiary(rng, cycles[years[i % len(years)]], pk, level, i)
                for i, (pk, _p, level) in enumerate(library_rows)
            ],
            batch_size=BATCH,
        )

        progress(gettext("Events: %(count)s…") % {"count": events})
        provinces = sorted(by_province)
        province_names = dict(Province.objects.values_list("code", "name"))
        event_objects = []
        for n in range(events):
            year = years[n % len(years)]
            province = provinces[n % len(provinces)]
            start = datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randrange(0, 360))
            event_objects.append(
                TrainingEvent(
                    title=f"[SAMPEL] Bimtek {TOPICS[n % len(TOPICS)]} — "
                    f"{province_names[province]} {year} #{n + 1}",
                    slug=f"{SLUG_PREFIX}bimtek-{year}-{n + 1}",
                    cycle=cycles[year],
                    organiser=perpusnas,
                    province_id=province,
                    venue="Lokasi sampel",
                    start_date=start,
                    end_date=start + datetime.timedelta(days=rng.choice((2, 3, 4))),
                    status=TrainingEvent.Status.DRAFT,
                    summary="Data sampel sintetis; bukan kegiatan nyata.",
                )
            )
        TrainingEvent.objects.bulk_create(event_objects, batch_size=BATCH)
        event_rows = list(
            TrainingEvent.objects.filter(slug__startswith=SLUG_PREFIX).values_list(
                "pk", "province_id"
            )
        )

        progress(gettext("Participants: %(count)s…") % {"count": participants})
        genders = (Participant.Gender.MALE, Participant.Gender.FEMALE)
        roles = [r.value for r in Participant.Role]
        made = 0
        while made < participants:
            batch = []
            for _ in range(min(BATCH, participants - made)):
                made += 1
                event_id, province = event_rows[made % len(event_rows)]
                pool = by_province[province]
                batch.append(
                    Participant(
                        event_id=event_id,
                        library_id=pool[rng.randrange(len(pool))],
                        full_name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
                        + NAME_SUFFIX,
                        gender=genders[made % 2],
                        role=roles[made % len(roles)],
                        # 0812-000x-xxxx: a sample range, never a real subscriber.
                        phone=f"+62812{made:08d}",
                        email=f"peserta.sampel.{made}@example.org",
                        is_sample=True,
                    )
                )
            Participant.objects.bulk_create(batch, batch_size=BATCH)
            if made % 100_000 == 0:
                progress(f"  {made}")
    return SampleResult(
        libraries=len(library_rows),
        beneficiaries=len(beneficiaries),
        events=len(event_rows),
        participants=made,
        seconds=time.perf_counter() - started,
    )
