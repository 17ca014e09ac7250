"""Loading the official region list (Kemendagri codes) into the database.

The files are read and checked completely before anything is written, then written in one
transaction with bulk statements: a malformed file leaves the database as it was.
"""

import csv
import gzip
import re
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from .models import District, Province, Regency, Village

DATA_DIR = Path(__file__).resolve().parent / "data" / "idn-area"

# (model, file, header, code pattern, parent column, parent model field)
LEVELS = [
    (Province, "provinces.csv.gz", ["code", "name"], r"\d{2}", None, None),
    (
        Regency,
        "regencies.csv.gz",
        ["code", "province_code", "name"],
        r"\d{2}\.\d{2}",
        "province_code",
        "province_id",
    ),
    (
        District,
        "districts.csv.gz",
        ["code", "regency_code", "name"],
        r"\d{2}\.\d{2}\.\d{2}",
        "regency_code",
        "regency_id",
    ),
    (
        Village,
        "villages.csv.gz",
        ["code", "district_code", "name"],
        r"\d{2}\.\d{2}\.\d{2}\.\d{4}",
        "district_code",
        "district_id",
    ),
]


class RegionFileError(Exception):
    """A region file is missing or malformed; the message says which file and line."""


@dataclass
class LevelResult:
    name: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


@dataclass
class LoadResult:
    levels: list[LevelResult] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(level.created or level.updated for level in self.levels)


def _read_level(
    path: Path, header: list[str], pattern: str, parent_column: str | None, prefix: str | None
) -> list[dict[str, str]]:
    code_re = re.compile(pattern)
    rows: list[dict[str, str]] = []
    try:
        with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle)
            first = next(reader, None)
            if first != header:
                raise RegionFileError(
                    _("%(file)s: expected the header %(expected)s, found %(found)s.")
                    % {
                        "file": path.name,
                        "expected": ",".join(header),
                        "found": ",".join(first or []),
                    }
                )
            for line_no, values in enumerate(reader, start=2):
                if not values:
                    continue
                if len(values) != len(header):
                    raise RegionFileError(
                        _("%(file)s, line %(line)d: expected %(n)d columns, found %(found)d.")
                        % {
                            "file": path.name,
                            "line": line_no,
                            "n": len(header),
                            "found": len(values),
                        }
                    )
                row = dict(zip(header, (value.strip() for value in values), strict=True))
                if not code_re.fullmatch(row["code"]):
                    raise RegionFileError(
                        _("%(file)s, line %(line)d: %(code)r is not a valid official code.")
                        % {"file": path.name, "line": line_no, "code": row["code"]}
                    )
                if not row["name"]:
                    raise RegionFileError(
                        _("%(file)s, line %(line)d: the name is empty.")
                        % {"file": path.name, "line": line_no}
                    )
                if parent_column and row["code"].rsplit(".", 1)[0] != row[parent_column]:
                    raise RegionFileError(
                        _(
                            "%(file)s, line %(line)d: code %(code)s does not belong "
                            "to parent %(parent)s."
                        )
                        % {
                            "file": path.name,
                            "line": line_no,
                            "code": row["code"],
                            "parent": row[parent_column],
                        }
                    )
                if prefix and not (row["code"] == prefix or row["code"].startswith(prefix + ".")):
                    continue
                rows.append(row)
    except FileNotFoundError as exc:
        raise RegionFileError(_("File not found: %(path)s") % {"path": path}) from exc
    except (OSError, EOFError, zlib.error, UnicodeDecodeError, csv.Error) as exc:
        raise RegionFileError(
            _("%(file)s cannot be read: %(error)s") % {"file": path.name, "error": exc}
        ) from exc
    return rows


def read_regions(data_dir: Path = DATA_DIR, province: str | None = None) -> list[list[dict]]:
    """Read and check every level; returns the rows per level, parents before children."""
    levels = []
    known_parents: set[str] | None = None
    for model, filename, header, pattern, parent_column, _parent_field in LEVELS:
        rows = _read_level(data_dir / filename, header, pattern, parent_column, province)
        codes = set()
        for row in rows:
            if row["code"] in codes:
                raise RegionFileError(
                    _("%(file)s: the code %(code)s appears twice.")
                    % {"file": filename, "code": row["code"]}
                )
            codes.add(row["code"])
            if (
                parent_column
                and known_parents is not None
                and row[parent_column] not in known_parents
            ):
                raise RegionFileError(
                    _("%(file)s: %(code)s names the parent %(parent)s, which is not in the list.")
                    % {"file": filename, "code": row["code"], "parent": row[parent_column]}
                )
        if province and model is Province and not rows:
            raise RegionFileError(
                _("There is no province with the code %(code)s.") % {"code": province}
            )
        known_parents = codes
        levels.append(rows)
    return levels


def _instance(model, row: dict, parent_field: str | None):
    values = {"code": row["code"], "name": row["name"]}
    if parent_field:
        values[parent_field] = row[parent_field.replace("_id", "_code")]
    if model is Village:
        code = row["code"]
        values["regency_id"] = code[:5]
        values["province_id"] = code[:2]
        values["kind"] = Village.kind_for_code(code)
    return model(**values)


@transaction.atomic
def regions_load(*, data_dir: Path = DATA_DIR, province: str | None = None) -> LoadResult:
    """Load the official list (or one province of it): create what is missing, update renamed
    or moved regions, leave the rest. Running it twice changes nothing the second time."""
    result = LoadResult()
    all_rows = read_regions(data_dir, province)
    for (model, _filename, _header, _pattern, _pc, parent_field), rows in zip(
        LEVELS, all_rows, strict=True
    ):
        level = LevelResult(str(model._meta.verbose_name_plural))
        fields = ["name"] + ([parent_field] if parent_field else [])
        existing_qs = model.objects.all()
        if province:
            existing_qs = existing_qs.filter(code__startswith=province)
        existing = {values[0]: values[1:] for values in existing_qs.values_list("code", *fields)}
        to_create, to_update = [], []
        for row in rows:
            obj = _instance(model, row, parent_field)
            current = existing.get(row["code"])
            if current is None:
                to_create.append(obj)
            elif current != tuple(getattr(obj, f) for f in fields):
                to_update.append(obj)
            else:
                level.unchanged += 1
        model.objects.bulk_create(to_create, batch_size=5000)
        if to_update:
            update_fields = fields + (["regency_id", "province_id"] if model is Village else [])
            model.objects.bulk_update(to_update, update_fields, batch_size=1000)
        level.created, level.updated = len(to_create), len(to_update)
        result.levels.append(level)
    return result
