"""Export benchmark: our CSV and XLSX exports against PostgreSQL COPY, django-import-export and
plain xlsxwriter, on the same rows. See bench/README.md.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/libportal_export_bench \\
        .venv/bin/python bench/export_bench.py --participants 1000000

Each measurement runs in its own subprocess: wall time includes starting Python (and Django,
where used), peak memory is that process's maximum resident set size (``os.wait4``).

``--psql-only`` runs only the comparison with psql: ``export_participants --format csv`` against
``psql -c "\\copy (<the exporter's exact SELECT>) TO 'file' WITH (FORMAT csv)"``, process start
to process end both, ``--repeat`` runs side by side (alternating which goes first).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable

# The benchmark needs its own settings: debug off (Django keeps every query's SQL in memory
# with debug on), a throwaway key for that.
ENV = {
    **os.environ,
    "DJANGO_SETTINGS_MODULE": "libportal.settings",
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY", "benchmark-only-not-a-secret"),
    "DJANGO_LOG_LEVEL": "WARNING",
    "PYTHONPATH": str(ROOT),
}

# Plain COPY of the same rows and columns: the physical limit (no labels, no neutralisation).
COPY_SCRIPT = r"""
import os, sys, psycopg2, dj_database_url
cfg = dj_database_url.parse(os.environ["DATABASE_URL"])
conn = psycopg2.connect(dbname=cfg["NAME"], user=cfg["USER"], password=cfg["PASSWORD"] or None,
                        host=cfg["HOST"] or None, port=cfg["PORT"] or None)
sql = '''COPY (
  SELECT e.title, p.full_name, p.gender, p.role, l.name, v.code, v.name, d.name, r.name, pr.name,
         p.phone, p.email
  FROM trainings_participant p
  JOIN trainings_trainingevent e ON e.id = p.event_id
  JOIN villages_villagelibrary l ON l.id = p.library_id
  JOIN villages_village v ON v.code = l.village_id
  JOIN villages_district d ON d.code = v.district_id
  JOIN villages_regency r ON r.code = v.regency_id
  JOIN villages_province pr ON pr.code = v.province_id
  ORDER BY e.start_date, e.slug, v.code, p.full_name, p.id
) TO STDOUT WITH (FORMAT csv)'''
with open(sys.argv[1], "wb") as out, conn.cursor() as cur:
    cur.copy_expert(sql, out, size=1 << 20)
    print(cur.rowcount)
"""

# What a Django developer would write with django-import-export: a ModelResource with the same
# fields, exported to CSV (select_related so that it is not also one query per row).
DJE_SCRIPT = r"""
import sys, django
django.setup()
from import_export import fields, resources
from trainings.models import Participant

class ParticipantResource(resources.ModelResource):
    event = fields.Field(attribute="event__title", column_name="Kegiatan")
    name = fields.Field(attribute="full_name", column_name="Nama")
    gender = fields.Field(attribute="gender", column_name="Jenis Kelamin")
    role = fields.Field(attribute="role", column_name="Jabatan")
    library = fields.Field(attribute="library__name", column_name="Perpustakaan")
    village_code = fields.Field(attribute="library__village__code", column_name="Kode Desa")
    village = fields.Field(attribute="library__village__name", column_name="Desa")
    district = fields.Field(attribute="library__village__district__name", column_name="Kecamatan")
    regency = fields.Field(attribute="library__village__regency__name", column_name="Kabupaten")
    province = fields.Field(attribute="library__village__province__name", column_name="Provinsi")
    phone = fields.Field(attribute="phone", column_name="No. HP")
    email = fields.Field(attribute="email", column_name="Email")

    class Meta:
        model = Participant
        fields = ("event", "name", "gender", "role", "library", "village_code", "village",
                  "district", "regency", "province", "phone", "email")

limit = int(sys.argv[2])
qs = Participant.objects.select_related(
    "event", "library__village__district", "library__village__regency",
    "library__village__province",
).order_by("event__start_date", "event__slug", "library__village__code", "full_name", "pk")
qs = qs[:limit]
data = ParticipantResource().export(queryset=qs)
with open(sys.argv[1], "w", encoding="utf-8") as out:
    out.write(data.csv)
print(len(data))
"""

# Plain xlsxwriter in constant-memory mode over values_list: the XLSX reference.
XLSXWRITER_SCRIPT = r"""
import sys, django
django.setup()
import xlsxwriter
from trainings.models import Participant
cols = ("event__title", "full_name", "gender", "role", "library__name", "library__village__code",
        "library__village__name", "library__village__district__name",
        "library__village__regency__name", "library__village__province__name", "phone", "email")
qs = Participant.objects.order_by("event__start_date", "event__slug", "library__village__code",
                                  "full_name", "pk").values_list(*cols)
wb = xlsxwriter.Workbook(sys.argv[1], {"constant_memory": True})
ws = wb.add_worksheet()
ws.write_row(0, 0, cols)
n = 0
for n, row in enumerate(qs.iterator(chunk_size=5000), start=1):
    ws.write_row(n, 0, row)
wb.close()
print(n)
"""


def measure(label: str, argv: list[str], rows_expected: int | None = None, repeat: int = 1) -> dict:
    """The fastest of `repeat` runs (the machine may be shared: the best run is the least
    disturbed one), with the largest peak memory seen."""
    runs = [_measure_once(label, argv, rows_expected) for _ in range(max(repeat, 1))]
    best = min(runs, key=lambda r: r["seconds"])
    best["rss_mb"] = max(r["rss_mb"] for r in runs)
    best["ok"] = all(r["ok"] for r in runs)
    return best


def _measure_once(label: str, argv: list[str], rows_expected: int | None = None) -> dict:
    started = time.perf_counter()
    proc = subprocess.Popen(argv, env=ENV, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    # wait4 gives this child's own peak RSS (RUSAGE_CHILDREN would be the maximum of all so far).
    _pid, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - started
    out = proc.stdout.read().decode() if proc.stdout else ""
    err = proc.stderr.read().decode() if proc.stderr else ""
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        print(f"{label}: FAILED (exit {code})\n{err[-2000:]}", file=sys.stderr)
    rows = rows_expected
    for line in reversed(out.strip().splitlines()):
        if line.strip().isdigit():
            rows = int(line.strip())
            break
    return {
        "label": label,
        "rows": rows or 0,
        "seconds": elapsed,
        "rss_mb": usage.ru_maxrss / 1024,
        "ok": code == 0,
        "stderr": err.strip().splitlines()[-1:] if err.strip() else [],
    }


# The exporter's exact SELECT (labels, formula guard, empty as NULL), as COPY runs it.
SELECT_SCRIPT = r"""
import django
django.setup()
from core.exporters import copy_select
from core.system import system_user
from trainings.exporters import ParticipantExporter
print(copy_select(ParticipantExporter(user=system_user(), language="id")))
"""


def compare_with_psql(tmp: Path, total: int, repeat: int) -> list[tuple[float, float]]:
    """Ours (``export_participants --format csv``, COPY through psycopg2) against psql's
    ``\\copy`` of the exporter's exact SELECT into a file: wall-clock time from process start to
    process end for both, ``repeat`` runs side by side, who goes first alternating. Prints the
    table and whether the data bytes agree (ours adds the BOM and the header line)."""
    select = subprocess.run(
        [PY, "-c", SELECT_SCRIPT], env=ENV, cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()
    ours_file, psql_file = tmp / "ours-vs-psql.csv", tmp / "psql.csv"
    ours_argv = [
        PY,
        "manage.py",
        "export_participants",
        "--format",
        "csv",
        "--output",
        str(ours_file),
    ]
    psql_argv = [
        "psql",
        os.environ["DATABASE_URL"],
        "-X",
        "-c",
        f"\\copy ({select}) TO '{psql_file}' WITH (FORMAT csv)",
    ]
    runs = []
    for n in range(max(repeat, 1)):
        order = [("ours", ours_argv), ("psql", psql_argv)]
        if n % 2:
            order.reverse()
        seconds = {label: _measure_once(label, argv, total)["seconds"] for label, argv in order}
        runs.append((seconds["ours"], seconds["psql"]))
    with open(ours_file, "rb") as f:
        f.readline()  # the BOM and the header
        same = f.read() == psql_file.read_bytes()
    print(f"CSV of {total} participants: ours vs psql \\copy of the same SELECT (wall clock)")
    print(f"{'run':>3} {'ours s':>8} {'psql s':>8} {'ours/psql speed':>16}")
    for n, (ours, psql) in enumerate(runs, start=1):
        print(f"{n:>3} {ours:>8.2f} {psql:>8.2f} {psql / ours:>15.2f}×")
    best_ours, best_psql = min(r[0] for r in runs), min(r[1] for r in runs)
    print(f"best {best_ours:>7.2f} {best_psql:>8.2f} {best_psql / best_ours:>15.2f}×")
    print(f"target ≥ 0.50×; data rows byte for byte the same as psql's: {'yes' if same else 'NO'}")
    return runs


def count_participants() -> int:
    out = subprocess.run(
        [
            PY,
            "-c",
            "import django; django.setup(); from trainings.models import Participant;"
            " print(Participant.objects.count())",
        ],
        env=ENV,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return int(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--participants", type=int, default=1_000_000)
    parser.add_argument(
        "--dje-participants",
        type=int,
        default=None,
        help="rows for django-import-export (default: all; it holds everything in memory)",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="runs of each CSV measurement, fastest kept (default 3; the slow ones run once)",
    )
    parser.add_argument("--skip-generate", action="store_true", help="use the data already there")
    parser.add_argument(
        "--psql-only",
        action="store_true",
        help="only the comparison with psql's \\copy of the same SELECT (--repeat runs)",
    )
    parser.add_argument("--keep-files", action="store_true")
    args = parser.parse_args()

    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL=postgres://…/libportal_export_bench (a database of its own).")

    subprocess.run([PY, "manage.py", "migrate", "--no-input", "-v0"], env=ENV, cwd=ROOT, check=True)
    have = count_participants()
    if not args.skip_generate and have != args.participants:
        print(f"Generating {args.participants} sample participants (have {have})…", flush=True)
        t = time.perf_counter()
        subprocess.run(
            [PY, "manage.py", "generate_sample_data", "--participants", str(args.participants)],
            env=ENV,
            cwd=ROOT,
            check=True,
        )
        print(f"  generated in {time.perf_counter() - t:.1f} s", flush=True)
    total = count_participants()
    dje_rows = min(args.dje_participants or total, total)
    # Fresh statistics, so that both sides of every comparison run the plan of the real table.
    subprocess.run(
        ["psql", os.environ["DATABASE_URL"], "-X", "-q", "-c", "ANALYZE"], check=True, env=ENV
    )

    tmp = Path(tempfile.mkdtemp(prefix="libportal-bench-"))
    manage = [PY, "manage.py"]
    if args.psql_only:
        compare_with_psql(tmp, total, args.repeat)
        _clean(tmp, args.keep_files)
        return
    results = []
    print(f"Measuring on {total} participants (each in its own process)…", flush=True)
    results.append(
        measure(
            "COPY (…) TO STDOUT, plain",
            [PY, "-c", COPY_SCRIPT, str(tmp / "copy.csv")],
            repeat=args.repeat,
        )
    )
    results.append(
        measure(
            "ours: export_participants csv",
            [*manage, "export_participants", "--format", "csv", "--output", str(tmp / "ours.csv")],
            total,
            repeat=args.repeat,
        )
    )
    results.append(
        measure(
            "ours: csv, Python path (no COPY)",
            [PY, "-c", PYTHON_PATH_SCRIPT, str(tmp / "ours-python.csv")],
            repeat=args.repeat,
        )
    )
    results.append(
        measure(
            "django-import-export csv" + (f" ({dje_rows} rows)" if dje_rows != total else ""),
            [PY, "-c", DJE_SCRIPT, str(tmp / "dje.csv"), str(dje_rows)],
        )
    )
    results.append(
        measure(
            "xlsxwriter constant_memory, plain",
            [PY, "-c", XLSXWRITER_SCRIPT, str(tmp / "plain.xlsx")],
        )
    )
    results.append(
        measure(
            "ours: export_participants xlsx",
            [
                *manage,
                "export_participants",
                "--format",
                "xlsx",
                "--output",
                str(tmp / "ours.xlsx"),
            ],
            total,
        )
    )

    by = {
        r["label"].split(" (")[0] if r["label"].startswith("django") else r["label"]: r
        for r in results
    }
    for r in results:
        r["rate"] = r["rows"] / r["seconds"] if r["seconds"] and r["rows"] else 0.0
    copy_rate = by["COPY (…) TO STDOUT, plain"]["rate"]
    dje_rate = by["django-import-export csv"]["rate"]
    xlsx_rate = by["xlsxwriter constant_memory, plain"]["rate"]

    print()
    print(f"Best of {args.repeat} runs for the three CSV rows, one run for the others.")
    print(
        f"{'export':44} {'rows':>9} {'seconds':>8} {'rows/s':>9} {'peak MB':>8} "
        f"{'×COPY':>6} {'×d-i-e':>7}"
    )
    for r in results:
        print(
            f"{r['label']:44} {r['rows']:>9} {r['seconds']:>8.2f} {r['rate']:>9.0f} "
            f"{r['rss_mb']:>8.1f} {r['rate'] / copy_rate if copy_rate else 0:>6.2f} "
            f"{r['rate'] / dje_rate if dje_rate else 0:>7.1f}" + ("" if r["ok"] else "  FAILED")
        )
    ours_csv = by["ours: export_participants csv"]
    ours_xlsx = by["ours: export_participants xlsx"]
    print()
    print("Targets:")
    print(f"  CSV ≥ 0.5× COPY rows/s:           {ours_csv['rate'] / copy_rate:.2f}×")
    print(f"  CSV ≥ 20× django-import-export:   {ours_csv['rate'] / dje_rate:.1f}×")
    print(f"  XLSX ≥ 1× plain xlsxwriter c.m.:  {ours_xlsx['rate'] / xlsx_rate:.2f}×")
    worst = max(ours_csv["rss_mb"], ours_xlsx["rss_mb"])
    print(f"  peak memory < 150 MB (ours):      {worst:.1f} MB")
    for r in (ours_csv, ours_xlsx):
        if r["stderr"]:
            print(f"  {r['label']} said: {r['stderr'][0]}")
    print()
    compare_with_psql(tmp, total, args.repeat)
    _clean(tmp, args.keep_files)


def _clean(tmp: Path, keep: bool) -> None:
    if keep:
        print(f"Files kept in {tmp}")
    else:
        for f in tmp.iterdir():
            f.unlink()
        tmp.rmdir()


# Our exporter's pure-Python CSV path (what SQLite and the streaming web response use).
PYTHON_PATH_SCRIPT = r"""
import sys, django
django.setup()
from core.system import system_user
from trainings.exporters import ParticipantExporter
with open(sys.argv[1], "wb", buffering=1 << 20) as out:
    print(ParticipantExporter(user=system_user(), language="id").write("csv", out, use_copy=False))
"""

if __name__ == "__main__":
    main()
