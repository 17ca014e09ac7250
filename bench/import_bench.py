"""Import benchmark: our participant importer against django-import-export, on the same file.

    psql -h 127.0.0.1 -U postgres -c "CREATE DATABASE libportal_import_bench"
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/libportal_import_bench \\
        .venv/bin/python bench/import_bench.py --rows 10000

It migrates the database and loads the official regions if needed, gives 500 villages a library,
writes one XLSX of N participant rows (half located by village code, half by village, district
and regency name, as regency offices send them), then times, each into a fresh event:

- libportal: the preview (read + plan, nothing written) and the commit (read + plan again inside
  the transaction + write with history + audit record);
- django-import-export: a ``ModelResource`` with the same columns (library looked up by village
  code; rows identified by event, library and name), ``import_data`` as a dry run and for real.
  It gets the rows located by code only: it cannot resolve a village by name.

Figures are printed, never asserted (see bench/README.md).
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "libportal.settings")
# Debug off: with debug on Django keeps every query's SQL in memory.
os.environ["DJANGO_DEBUG"] = "0"
os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-not-a-secret")
os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

HEADER = [
    "Nama",
    "Jenis Kelamin",
    "Jabatan",
    "Kode Desa",
    "Desa",
    "Kecamatan",
    "Kabupaten",
    "No. HP",
    "Email",
]
FIRST = ["I Made", "Ni Luh", "I Wayan", "Ni Made", "Ahmad", "Siti", "Budi", "Dewi", "Agus", "Rina"]
LAST = [
    "Sutama",
    "Sriani",
    "Ardana",
    "Lestari",
    "Hidayat",
    "Rahayu",
    "Santoso",
    "Wulandari",
    "Saputra",
    "Putri",
]
ROLES = ["Kepala Perpustakaan", "Pustakawan", "Relawan", "Perangkat Desa"]


def setup_data(libraries: int):
    from django.contrib.auth import get_user_model

    from trainings.demo import demo_seed
    from villages.models import Province, Village, VillageLibrary
    from villages.services import library_slug

    call_command("migrate", verbosity=0)
    if Village.objects.count() < 80000:
        call_command("load_regions", verbosity=0)
    # Villages whose name is unique in their district and regency, so names resolve them.
    villages = list(
        Village.objects.filter(province_id__in=["33", "51", "52"])
        .select_related("district", "regency")
        .order_by("code")[: libraries * 2]
    )
    seen: dict[tuple[str, str], int] = {}
    for v in villages:
        seen[(v.regency_id, v.name.casefold())] = seen.get((v.regency_id, v.name.casefold()), 0) + 1
    villages = [v for v in villages if seen[(v.regency_id, v.name.casefold())] == 1][:libraries]
    have = set(
        VillageLibrary.objects.filter(village__in=villages).values_list("village_id", flat=True)
    )
    VillageLibrary.objects.bulk_create(
        [
            VillageLibrary(
                village=v,
                name=f"Perpustakaan Desa {v.name}",
                slug=library_slug(name=f"Perpustakaan Desa {v.name}", village=v)
                + "-"
                + v.code.replace(".", ""),
            )
            for v in villages
            if v.code not in have
        ]
    )
    user = get_user_model().objects.filter(
        username="bench"
    ).first() or get_user_model().objects.create_superuser(
        "bench", "bench@example.org", "bench-Password-123"
    )
    # The demo's program cycle and organiser (seed_demo is idempotent).
    demo = demo_seed().event
    cycle, organiser = demo.cycle, demo.organiser
    province = Province.objects.get(code="51")
    return villages, user, cycle, organiser, province


def new_event(tag: str, cycle, organiser, province):
    import datetime

    from trainings.models import TrainingEvent

    slug = f"bench-import-{tag}-{time.time_ns()}"
    return TrainingEvent.objects.create(
        title=f"Bench import {tag}",
        slug=slug,
        cycle=cycle,
        organiser=organiser,
        province=province,
        venue="Bench",
        start_date=datetime.date(2023, 6, 1),
        end_date=datetime.date(2023, 6, 3),
    )


def make_rows(villages, n: int, *, by_code_only: bool = False) -> list[list[str]]:
    rows = []
    for i in range(n):
        v = villages[i % len(villages)]
        by_code = by_code_only or i % 2 == 0
        name = f"{FIRST[i % 10]} {LAST[(i // 10) % 10]} {i:05d}"
        rows.append(
            [
                name,
                "L" if i % 2 else "P",
                ROLES[i % 4],
                v.code if by_code else "",
                v.name if not by_code else "",
                v.district.name if not by_code else "",
                v.regency.name if not by_code else "",
                f"0812-{i // 10000:04d}-{i % 10000:04d}",
                f"peserta{i}@example.org",
            ]
        )
    return rows


def xlsx(rows) -> bytes:
    import xlsxwriter

    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_numbers": False})
    sheet = workbook.add_worksheet("Peserta")
    sheet.write_row(0, 0, ["DAFTAR PESERTA BIMTEK (benchmark)"])
    for r, row in enumerate([HEADER, *rows], start=2):
        sheet.write_row(r, 0, row)
    workbook.close()
    return out.getvalue()


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def bench_libportal(data: bytes, user, cycle, organiser, province, n: int) -> dict:
    from trainings.importing import participants_import
    from trainings.models import Participant

    event = new_event("libportal", cycle, organiser, province)
    t_preview, preview = timed(
        lambda: participants_import(event=event, user=user, data=data, filename="bench.xlsx")
    )
    t_commit, report = timed(
        lambda: participants_import(
            event=event, user=user, data=data, filename="bench.xlsx", commit=True
        )
    )
    written = Participant.objects.filter(event=event).count()
    # What the admin's confirm button does: plan again and write, from the preview's table.
    confirm_event = new_event("libportal-confirm", cycle, organiser, province)
    t_confirm, confirmed = timed(
        lambda: participants_import(
            event=confirm_event,
            user=user,
            data=data,
            filename="bench.xlsx",
            commit=True,
            table=preview.table,
        )
    )
    t_again, again = timed(
        lambda: participants_import(
            event=event, user=user, data=data, filename="bench.xlsx", commit=True
        )
    )
    return {
        "event": event,
        "preview_s": t_preview,
        "preview_counts": preview.counts,
        "commit_s": t_commit,
        "written": written,
        "rows_per_s": n / t_commit,
        "confirm_s": t_confirm,
        "confirm_rows_per_s": len(confirmed.created_pks) / t_confirm,
        "repeat_s": t_again,
        "repeat_counts": again.counts,
        "repeat_written": Participant.objects.filter(event=event).count() - written,
    }


def bench_import_export(data: bytes, cycle, organiser, province, n: int) -> dict:
    import tablib
    from import_export import fields, resources, widgets

    from trainings.models import Participant
    from villages.models import VillageLibrary

    event = new_event("django-import-export", cycle, organiser, province)
    dry_event = new_event("django-import-export-dry", cycle, organiser, province)

    def resource_for(target):
        class ParticipantResource(resources.ModelResource):
            full_name = fields.Field(attribute="full_name", column_name="Nama")
            gender = fields.Field(attribute="gender", column_name="Jenis Kelamin")
            role = fields.Field(attribute="role", column_name="Jabatan")
            library = fields.Field(
                attribute="library",
                column_name="Kode Desa",
                widget=widgets.ForeignKeyWidget(VillageLibrary, field="village__code"),
            )
            phone = fields.Field(attribute="phone", column_name="No. HP")
            email = fields.Field(attribute="email", column_name="Email")

            class Meta:
                model = Participant
                fields = ("full_name", "gender", "role", "library", "phone", "email")
                import_id_fields = ("library", "full_name")

            def get_queryset(self):
                return Participant.objects.filter(event=target)

            def before_save_instance(self, instance, row, **kwargs):
                instance.event = target

        return ParticipantResource()

    def load():
        dataset = tablib.Dataset()
        # django-import-export wants the header in the first row: drop our title rows.
        dataset.load(io.BytesIO(data).read(), format="xlsx", headers=False)
        rows = [list(r) for r in dataset][2:]
        out = tablib.Dataset(headers=[str(h) for h in rows[0]])
        for r in rows[1:]:
            out.append(["" if c is None else str(c) for c in r])
        return out

    t_dry, dry = timed(
        lambda: resource_for(dry_event).import_data(load(), dry_run=True, use_transactions=True)
    )
    t_real, real = timed(
        lambda: resource_for(event).import_data(load(), dry_run=False, use_transactions=True)
    )
    return {
        "dry_s": t_dry,
        "dry_errors": dry.has_errors() or dry.has_validation_errors(),
        "commit_s": t_real,
        "written": Participant.objects.filter(event=event).count(),
        "rows_per_s": n / t_real,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--libraries", type=int, default=500)
    parser.add_argument("--skip-import-export", action="store_true")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        print(f"note: running on {connection.vendor}; the figures that count are PostgreSQL's")
    villages, user, cycle, organiser, province = setup_data(args.libraries)
    data = xlsx(make_rows(villages, args.rows))
    by_code = xlsx(make_rows(villages, args.rows, by_code_only=True))
    print(
        f"{args.rows:,} rows, {len(villages)} libraries; "
        f"XLSX {len(data) / 1e6:.2f} MB; {connection.vendor}"
    )

    ours = bench_libportal(data, user, cycle, organiser, province, args.rows)
    ours_code = bench_libportal(by_code, user, cycle, organiser, province, args.rows)
    print()
    print("libportal importer (half located by code, half by village/district/regency name)")
    print(
        f"  preview (read + plan, nothing written): {ours['preview_s']:6.2f} s   "
        f"{ours['preview_counts']}"
    )
    print(
        f"  commit (read + plan + write + history + audit): {ours['commit_s']:6.2f} s   "
        f"{ours['written']:,} written   {ours['rows_per_s']:,.0f} rows/s"
    )
    print(
        "  confirm after preview (plan again + write, file not parsed again): "
        f"{ours['confirm_s']:6.2f} s   "
        f"{ours['confirm_rows_per_s']:,.0f} rows/s"
    )
    print(
        f"  same file again: {ours['repeat_s']:6.2f} s   {ours['repeat_counts']}   "
        f"{ours['repeat_written']} more rows written"
    )
    print("libportal importer (all rows located by village code)")
    print(f"  preview: {ours_code['preview_s']:6.2f} s")
    print(
        f"  commit:  {ours_code['commit_s']:6.2f} s   {ours_code['written']:,} written   "
        f"{ours_code['rows_per_s']:,.0f} rows/s"
    )
    print(
        f"  confirm after preview: {ours_code['confirm_s']:6.2f} s   "
        f"{ours_code['confirm_rows_per_s']:,.0f} rows/s"
    )
    if not args.skip_import_export:
        theirs = bench_import_export(by_code, cycle, organiser, province, args.rows)
        print("django-import-export ModelResource (same rows, located by village code)")
        print(f"  dry run: {theirs['dry_s']:6.2f} s   errors: {theirs['dry_errors']}")
        print(
            f"  import:  {theirs['commit_s']:6.2f} s   {theirs['written']:,} written   "
            f"{theirs['rows_per_s']:,.0f} rows/s"
        )
        print()
        print(
            f"preview: libportal {ours_code['preview_s']:.2f} s vs django-import-export dry run "
            f"{theirs['dry_s']:.2f} s ({theirs['dry_s'] / ours_code['preview_s']:.1f}x); "
            f"commit: {ours_code['rows_per_s']:,.0f} vs {theirs['rows_per_s']:,.0f} rows/s "
            f"({ours_code['rows_per_s'] / theirs['rows_per_s']:.1f}x)"
        )


if __name__ == "__main__":
    main()
