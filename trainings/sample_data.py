"""Synthetic national-scale data for benchmarks and load tests (never real people).

Everything made here is plainly marked: participants have ``is_sample=True``, "(sampel)" after
their name and an ``example.org`` address; libraries, events and their slugs say "Sampel"/
"sampel-". A run first removes what an earlier run made (only rows with those marks), so it can
be repeated; the demo event and real records are never touched.

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

from programs.models import Beneficiary, Institution, Program, ProgramCycle
from villages.models import Province, Village, VillageLibrary
from villages.regions import regions_load

from .models import Attendance, HealthScreening, Participant, TrainingEvent

SLUG_PREFIX = "sampel-"
LIBRARY_SUFFIX = " (Sampel)"
NAME_SUFFIX = " (sampel)"
YEARS = range(2018, 2025)
BATCH = 10_000

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


def sample_data_generate(
    *,
    participants: int,
    libraries: int = 5000,
    events: int = 3000,
    seed: int = 2024,
    progress: Callable[[str], None] = lambda message: None,
) -> SampleResult:
    """Fill the database with synthetic data at national scale: all regions, ``libraries``
    libraries spread over every province, beneficiaries in cycles 2018–2024, ``events`` events
    and ``participants`` participants (each from a library of the event's province)."""
    started = time.perf_counter()
    rng = random.Random(seed)
    if Village.objects.count() < 80_000:
        progress("Loading the official regions…")
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

        progress(f"Libraries: {libraries}…")
        taken = set(VillageLibrary.objects.values_list("village_id", flat=True))
        codes = [
            row
            for row in Village.objects.order_by("code").values_list(
                "code", "name", "province_id", "regency_id"
            )
            if row[0] not in taken
        ]
        chosen = rng.sample(codes, min(libraries, len(codes)))
        chosen.sort()
        VillageLibrary.objects.bulk_create(
            [
                VillageLibrary(
                    village_id=code,
                    # bulk_create skips save(), which derives these from the village
                    regency_id=regency,
                    province_id=province,
                    region_code=code,
                    name=f"Perpustakaan Desa {name}{LIBRARY_SUFFIX}",
                    slug=f"{SLUG_PREFIX}{code.replace('.', '-')}",
                    description="Data sampel sintetis untuk uji beban; bukan perpustakaan nyata.",
                )
                for code, name, province, regency in chosen
            ],
            batch_size=BATCH,
        )
        library_rows = list(
            VillageLibrary.objects.filter(slug__startswith=SLUG_PREFIX).values_list(
                "pk", "village__province_id"
            )
        )
        by_province: dict[str, list[int]] = {}
        for pk, province in library_rows:
            by_province.setdefault(province, []).append(pk)
        years = list(YEARS)
        Beneficiary.objects.bulk_create(
            [
                Beneficiary(cycle=cycles[years[i % len(years)]], library_id=pk)
                for i, (pk, _p) in enumerate(library_rows)
            ],
            batch_size=BATCH,
        )

        progress(f"Events: {events}…")
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

        progress(f"Participants: {participants}…")
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
        beneficiaries=len(library_rows),
        events=len(event_rows),
        participants=made,
        seconds=time.perf_counter() - started,
    )
