"""Importing participant registrations from the spreadsheets the regency offices send.

Two steps, both through :func:`participants_import`:

1. **Preview** (``commit=False``): read the file (``core.tabular``), match its columns by
   header (``trainings.columns``), normalise every row, find its village library, check scope and
   duplicates, and say what each row would do: *new*, *update*, *duplicate* or *error* (with the
   row, the column and the reason). Nothing is written.
2. **Commit** (``commit=True``): the same plan is made again inside one transaction, from the
   same bytes (a preview shown to the user is never trusted), and the valid rows are written with
   their history, plus one audit record naming every row touched. In strict mode nothing is
   written if any row has an error.

A row is the same person as an earlier row or an existing participant of the event when the
normalised name and the library agree, or the phone does: such a row is never written twice, so
importing the same file again changes nothing.

The column definitions are shared with the exports, so an exported list imports back.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from core.tabular import Row, Table, TableError, read_table
from villages.models import Province, Regency, Village, VillageLibrary
from villages.scoping import can_see_contacts, scope_of

from .columns import PARTICIPANT_COLUMNS, ColumnDef, normalise_header
from .models import Participant, TrainingEvent

#: Columns the importer reads; the others it recognises (event, …) are reported as not imported.
IMPORTED_KEYS = (
    "name",
    "gender",
    "role",
    "library",
    "village_code",
    "village",
    "district",
    "regency",
    "province",
    "phone",
    "email",
)
#: Columns the downloadable template carries, in this order.
TEMPLATE_KEYS = (
    "name",
    "gender",
    "role",
    "village_code",
    "village",
    "district",
    "regency",
    "phone",
    "email",
)

_HEADER_INDEX: dict[str, ColumnDef] = {}
for _column in PARTICIPANT_COLUMNS:
    for _header in _column.all_headers:
        _HEADER_INDEX.setdefault(normalise_header(_header), _column)

NEW, UPDATE, DUPLICATE, ERROR = "new", "update", "duplicate", "error"
OUTCOMES = (NEW, UPDATE, DUPLICATE, ERROR)


class ImportRefused(TableError):
    """The whole import cannot go ahead (unusable file, missing column, event out of scope)."""


def header_column(text: str) -> ColumnDef | None:
    return _HEADER_INDEX.get(normalise_header(text))


def header_score(cells: list[str]) -> int:
    """How much a row looks like the header: the number of distinct known columns it names."""
    return len({column.key for column in map(header_column, cells) if column is not None})


# --- normalising -----------------------------------------------------------------------------

_DANGEROUS = ("=", "+", "-", "@")


def unneutralise(text: str) -> str:
    """Undo the exporters' formula guard (a leading apostrophe before = + - @)."""
    if text.startswith("'") and text[1:2] in _DANGEROUS:
        return text[1:]
    return text


def _recase_word(word: str) -> str:
    # Capitalise after a hyphen or a dot too ("a.a. gede" → "A.A. Gede", "s.pd." → "S.Pd."),
    # but not after an apostrophe ("ma'ruf" → "Ma'ruf").
    out, upper_next = [], True
    for char in word.lower():
        out.append(char.upper() if upper_next and char.isalpha() else char)
        if char.isalpha():
            upper_next = False
        elif char in "-.":
            upper_next = True
    return "".join(out)


def normalise_name(text: str) -> str:
    """Trimmed, spaces collapsed; re-cased only when typed ALL UPPER or all lower, so that
    "I GUSTI NGURAH OKA" becomes "I Gusti Ngurah Oka" and a deliberate "McDonald" stays."""
    text = " ".join(text.split())
    letters = [c for c in text if c.isalpha()]
    if letters and (all(c.isupper() for c in letters) or all(c.islower() for c in letters)):
        text = " ".join(_recase_word(word) for word in text.split(" "))
    return text


def name_key(name: str) -> str:
    """What two spellings of one person share: case, accents, punctuation and spacing ignored."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def normalise_phone(text: str) -> str | None:
    """An Indonesian number in +62 form ("+6281234567890"), "" when empty, None when invalid.

    Accepts 0812-3456-7890, +62 812 3456 7890, 6281234567890, (0361) 123456 and 812345678 (a
    leading zero Excel dropped from a number cell).
    """
    raw = text.strip()
    if not raw:
        return ""
    if (
        re.search(r"[^\d\s+\-().]", raw)
        or raw.count("+") > 1
        or ("+" in raw and not raw.startswith("+"))
    ):
        return None
    digits = re.sub(r"\D", "", raw)
    if raw.startswith("+"):
        if not digits.startswith("62"):
            return None
        national = digits[2:]
    elif digits.startswith("62"):
        national = digits[2:]
    elif digits.startswith("0"):
        national = digits[1:]
    else:
        national = digits
    national = national.lstrip("0") if national.startswith("0") and len(national) > 12 else national
    if not (8 <= len(national) <= 12) or national.startswith("0"):
        return None
    return "+62" + national


_GENDERS = {
    "l": "L",
    "lk": "L",
    "laki": "L",
    "lakilaki": "L",
    "pria": "L",
    "m": "L",
    "male": "L",
    "man": "L",
    "p": "P",
    "pr": "P",
    "perempuan": "P",
    "wanita": "P",
    "f": "P",
    "female": "P",
    "woman": "P",
    "w": "P",
}


def _word(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", text.casefold())


def normalise_gender(text: str) -> str | None:
    return _GENDERS.get(_word(text))


_ROLE_WORDS = {
    Participant.Role.HEAD: (
        "kepala",
        "kepalaperpustakaan",
        "kepalaperpus",
        "ketua",
        "head",
        "headoflibrary",
        "headlibrarian",
    ),
    Participant.Role.LIBRARIAN: (
        "pustakawan",
        "pengelola",
        "pengelolaperpustakaan",
        "staf",
        "staff",
        "stafperpustakaan",
        "petugas",
        "petugasperpustakaan",
        "librarian",
        "librarianlibrarystaff",
        "librarystaff",
        "pustakawanstafperpustakaan",
    ),
    Participant.Role.VILLAGE_OFFICIAL: (
        "perangkatdesa",
        "aparatdesa",
        "kepaladesa",
        "sekretarisdesa",
        "sekdes",
        "kades",
        "lurah",
        "perangkatkelurahan",
        "villageofficial",
    ),
    Participant.Role.VOLUNTEER: ("relawan", "sukarelawan", "volunteer", "relawanperpustakaan"),
    Participant.Role.OTHER: ("lainnya", "lain", "other"),
}


@functools.cache
def _role_index() -> dict[str, str]:
    from .exporters import ROLE_LABELS

    index = {}
    for labels in ROLE_LABELS.values():  # what the exports write, so a list imports back
        for value, label in labels.items():
            index[_word(label)] = value
    for value, words in _ROLE_WORDS.items():
        for word in words:
            index[word] = value
        index[_word(value)] = value
        # The labels in both languages, so an exported list imports back.
        for language in ("id", "en"):
            with translation.override(language):
                index.setdefault(_word(str(Participant.Role(value).label)), value)
    return index


def normalise_role(text: str) -> str | None:
    """A role choice from the words people write; "" (empty) is the default, librarian."""
    if not text.strip():
        return Participant.Role.LIBRARIAN
    return _role_index().get(_word(text))


def normalise_email(text: str) -> str | None:
    email = text.strip().lower()
    if email.startswith("mailto:"):
        email = email[7:]
    if not email:
        return ""
    try:
        validate_email(email)
    except ValidationError:
        return None
    return email if len(email) <= 254 else None


_PLACE_PREFIXES = {
    "province": ("provinsi", "prov", "propinsi"),
    "regency": ("kabupaten", "kab", "kota", "kotamadya", "kotamadia", "regency", "city"),
    "district": ("kecamatan", "kec", "district"),
    "village": (
        "desa",
        "kelurahan",
        "kel",
        "ds",
        "village",
        "perpustakaan",
        "perpus",
        "perpusdes",
        "perpusdesa",
    ),
}


def place_key(text: str, kind: str) -> str:
    """A place name as compared: case, punctuation and leading prefixes ("Kab.", "Kabupaten",
    "Kota", "Desa", "Kelurahan", "Kec.", "Kecamatan", "Perpustakaan Desa") ignored."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    words = re.sub(r"[^\w]+", " ", text).split()
    prefixes = _PLACE_PREFIXES[kind]
    while len(words) > 1 and words[0] in prefixes:
        words.pop(0)
    return " ".join(words)


def regency_kind(text: str) -> str:
    """ "kota", "kab" or "" (not said) from how a regency is written."""
    first = (re.sub(r"[^\w]+", " ", text.casefold()).split() or [""])[0]
    if first in ("kota", "kotamadya", "kotamadia", "city"):
        return "kota"
    if first in ("kabupaten", "kab", "regency"):
        return "kab"
    return ""


def normalise_village_code(text: str) -> str | None:
    digits = re.sub(r"\D", "", text)
    if re.fullmatch(r"\d{2}\.\d{2}\.\d{2}\.\d{4}", text.strip()) or (
        len(digits) == 10 and not re.search(r"[^\d.\s\-]", text)
    ):
        return f"{digits[:2]}.{digits[2:4]}.{digits[4:6]}.{digits[6:]}"
    return None


# --- the plan --------------------------------------------------------------------------------


@dataclass
class RowMessage:
    row: int
    column: str  # the header as written in the file, "" for the whole row
    text: str

    def __str__(self) -> str:
        if self.column:
            return _("row %(row)d, column %(column)s: %(text)s") % {
                "row": self.row,
                "column": self.column,
                "text": self.text,
            }
        return _("row %(row)d: %(text)s") % {"row": self.row, "text": self.text}


@dataclass
class PlannedRow:
    number: int
    outcome: str = NEW
    messages: list[RowMessage] = field(default_factory=list)
    values: dict[str, str] = field(default_factory=dict)
    village_code: str = ""
    village_name: str = ""
    library_id: int | None = None
    participant_id: int | None = None
    changes: dict[str, tuple[str, str]] = field(default_factory=dict)

    def error(self, column: str, text: str) -> None:
        self.outcome = ERROR
        self.messages.append(RowMessage(self.number, column, text))

    def note(self, text: str) -> None:
        self.messages.append(RowMessage(self.number, "", text))

    @property
    def message_texts(self) -> list[str]:
        return [str(m) for m in self.messages]

    def summary(self, *, contacts: bool = True) -> str:
        """The row as it will be written (phone and e-mail only for those who may see them)."""
        v = self.values
        role = v.get("role", "")
        place = self.village_name or self.village_code
        if self.village_name and self.village_code:
            place = f"{self.village_name} ({self.village_code})"
        parts = [
            v.get("full_name", ""),
            v.get("gender", ""),
            str(Participant.Role(role).label) if role in Participant.Role.values else "",
            place,
        ]
        if contacts:
            parts += [v.get("phone", ""), v.get("email", "")]
        return " · ".join(p for p in parts if p)


@dataclass
class ImportReport:
    """What an import would do (a preview) or did (after a commit)."""

    event: TrainingEvent
    filename: str
    sha256: str
    size: int
    table: Table
    columns: list[tuple[str, str]]  # (header in the file, what it was recognised as)
    ignored: list[str]  # headers not imported
    rows: list[PlannedRow]
    create_libraries: bool = False
    strict: bool = False
    committed: bool = False
    created_pks: list[int] = field(default_factory=list)
    updated_pks: list[int] = field(default_factory=list)
    libraries_created: list[str] = field(default_factory=list)
    audit_id: int | None = None

    @property
    def counts(self) -> dict[str, int]:
        counts = Counter(row.outcome for row in self.rows)
        return {outcome: counts.get(outcome, 0) for outcome in OUTCOMES}

    @property
    def has_errors(self) -> bool:
        return any(row.outcome == ERROR for row in self.rows)

    @property
    def writable(self) -> bool:
        """Would a commit write anything?"""
        if self.strict and self.has_errors:
            return False
        return any(row.outcome in (NEW, UPDATE) for row in self.rows)

    @property
    def errors(self) -> list[PlannedRow]:
        return [row for row in self.rows if row.outcome == ERROR]


class _Places:
    """Region look-ups for one file, loaded in a few queries whatever its length."""

    def __init__(self, event: TrainingEvent):
        self.event = event
        self.regencies: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
        for code, name in Regency.objects.values_list("code", "name"):
            kind = "kota" if name.casefold().startswith("kota ") else "kab"
            self.regencies[place_key(name, "regency")].append((code, kind, name))
        self.provinces = {
            place_key(name, "province"): code
            for code, name in Province.objects.values_list("code", "name")
        }
        self.regency_names = {
            code: name for entries in self.regencies.values() for code, _k, name in entries
        }
        self.by_code: dict[str, dict[str, Any]] = {}
        self.by_area_name: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)

    def regency_codes(self, text: str, province_text: str) -> list[str]:
        kind = regency_kind(text)
        codes = [
            c
            for c, k, _n in self.regencies.get(place_key(text, "regency"), [])
            if not kind or k == kind
        ]
        if province_text:
            province = self.provinces.get(place_key(province_text, "province"))
            if province:
                codes = [c for c in codes if c.startswith(province + ".")]
        return codes

    def load(self, codes: Iterable[str], areas: Iterable[str]) -> None:
        """Fetch the villages named by code, and every village of the regencies/provinces named."""
        fields = ("code", "name", "district__name", "regency_id", "province_id")
        codes, areas = sorted(set(codes)), sorted(set(areas))
        rows: list[dict[str, Any]] = []
        for start in range(0, len(codes), 900):
            rows += Village.objects.filter(code__in=codes[start : start + 900]).values(*fields)
        regencies = [a for a in areas if "." in a]
        provinces = [a for a in areas if "." not in a]
        if regencies:
            rows += Village.objects.filter(regency_id__in=regencies).values(*fields)
        if provinces:
            rows += Village.objects.filter(province_id__in=provinces).values(*fields)
        for row in rows:
            if row["code"] in self.by_code:
                continue
            row["key"] = place_key(row["name"], "village")
            row["district_key"] = place_key(row["district__name"], "district")
            self.by_code[row["code"]] = row
            self.by_area_name[(row["regency_id"], row["key"])].append(row)
            self.by_area_name[(row["province_id"], row["key"])].append(row)
        # A library may have a name of its own ("Perpustakaan Desa Sinar Ilmu"): found by it too.
        libraries = VillageLibrary.objects.none()
        if regencies:
            libraries = libraries | VillageLibrary.objects.filter(village__regency_id__in=regencies)
        if provinces:
            libraries = libraries | VillageLibrary.objects.filter(
                village__province_id__in=provinces
            )
        if regencies or provinces:
            for name, code in libraries.values_list("name", "village_id"):
                village = self.by_code.get(code)
                if village is None:
                    continue
                key = place_key(name, "village")
                if key == village["key"]:
                    continue  # "Perpustakaan Desa Mengwi": already found as the village
                self.by_area_name[(village["regency_id"], key)].append(village)
                self.by_area_name[(village["province_id"], key)].append(village)


def _describe(village: dict[str, Any], regency_names: dict[str, str]) -> str:
    regency = regency_names.get(village["regency_id"], "")
    district = f"{_('district')} {village['district__name']}"
    return f"{village['name']} ({village['code']}, {district}, {regency})"


def _cell(row: Row, columns: dict[str, tuple[int, str]], key: str) -> str:
    if key not in columns:
        return ""
    return unneutralise(row.get(columns[key][0]).strip())


def participants_import(
    *,
    event: TrainingEvent,
    user: Any,
    data: bytes,
    filename: str,
    sheet: str | None = None,
    create_libraries: bool = False,
    strict: bool = False,
    commit: bool = False,
    table: Table | None = None,
) -> ImportReport:
    """Preview (``commit=False``) or carry out an import of participants into ``event``.

    ``table``: the :class:`Table` already read from these same bytes (the admin keeps the
    preview's, server-side, so that confirming does not parse the file again); the plan is
    always made again, inside the transaction, against the database as it is then.

    Raises :class:`ImportRefused` (a ``TableError``: one message for the user) when the file
    cannot be used at all or the event is outside the user's scope. Row problems never raise:
    they are row errors in the report. With ``commit=True`` everything happens in one
    transaction: libraries created (only with ``create_libraries``), participants created and
    updated with their history, and one audit record; in ``strict`` mode nothing is written if
    any row has an error. The report's ``committed`` says whether anything was written.
    """
    if not TrainingEvent.objects.in_scope(user).filter(pk=event.pk).exists():
        raise ImportRefused(
            _("You may not import participants into this event (it is outside your region).")
        )
    if table is None:
        table = read_table(data, filename=filename, sheet=sheet, header_score=header_score)
    if not commit:
        return _plan(
            event=event,
            user=user,
            table=table,
            data=data,
            filename=filename,
            create_libraries=create_libraries,
            strict=strict,
        )
    with transaction.atomic():
        # One import at a time per event: the second waits and then sees the first's rows.
        event = TrainingEvent.objects.select_for_update().get(pk=event.pk)
        report = _plan(
            event=event,
            user=user,
            table=table,
            data=data,
            filename=filename,
            create_libraries=create_libraries,
            strict=strict,
        )
        if report.writable:
            _write(report, user=user)
        return report


def _columns(table: Table) -> tuple[dict[str, tuple[int, str]], list[tuple[str, str]], list[str]]:
    columns: dict[str, tuple[int, str]] = {}
    recognised: list[tuple[str, str]] = []
    ignored: list[str] = []
    for index, header in enumerate(table.header):
        if not header:
            continue
        column = header_column(header)
        if column is None or column.key not in IMPORTED_KEYS:
            ignored.append(header)
        elif column.key in columns:
            ignored.append(header)  # a second column for the same thing: the first one counts
        else:
            columns[column.key] = (index, header)
            recognised.append((header, str(column.header)))
    return columns, recognised, ignored


def _plan(*, event, user, table, data, filename, create_libraries, strict) -> ImportReport:
    columns, recognised, ignored = _columns(table)
    if "name" not in columns:
        name_headers = next(c for c in PARTICIPANT_COLUMNS if c.key == "name").all_headers
        raise ImportRefused(
            _(
                "No column for the participant's name was found in the header "
                "row (row %(row)d: %(header)s). Name it one of: %(names)s."
            )
            % {
                "row": table.header_row_number,
                "header": ", ".join(h for h in table.header if h) or "—",
                "names": ", ".join(name_headers),
            }
        )
    if not ({"village_code", "village", "library"} & columns.keys()):
        raise ImportRefused(
            _(
                "No column says which village library each participant comes from. Add "
                "a column “Kode Desa” (village code) or “Desa” with “Kabupaten”."
            )
        )
    if not table.rows:
        raise ImportRefused(_("The file has a header row but no participants below it."))

    report = ImportReport(
        event=event,
        filename=filename,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        table=table,
        columns=recognised,
        ignored=ignored,
        rows=[],
        create_libraries=create_libraries,
        strict=strict,
    )
    header = {key: label for key, (_i, label) in columns.items()}
    places = _Places(event)

    # Pass 1: read and normalise each row; note which places to look up.
    parsed: list[tuple[PlannedRow, dict[str, str]]] = []
    wanted_codes: set[str] = set()
    wanted_areas: set[str] = set()
    for row in table.rows:
        planned = PlannedRow(row.number)
        raw = {key: _cell(row, columns, key) for key in columns}
        if not any(raw.values()):
            continue  # only cells in columns we do not import
        for key, value in raw.items():
            if value.startswith("="):
                planned.error(
                    header[key],
                    _("a formula (%(formula)s) is not accepted; type the value itself.")
                    % {"formula": value[:60]},
                )
        if planned.outcome == ERROR:
            report.rows.append(planned)
            continue
        _normalise_row(planned, raw, header)
        code_text = raw.get("village_code", "")
        if code_text:
            code = normalise_village_code(code_text)
            if code is None:
                planned.error(
                    header["village_code"],
                    _("“%(value)s” is not a village code (like 51.03.02.2009).")
                    % {"value": code_text},
                )
            else:
                planned.village_code = code
                wanted_codes.add(code)
        else:
            village_text = raw.get("village") or raw.get("library", "")
            village_column = (
                header.get("village") if raw.get("village") else header.get("library", "")
            )
            if not village_text:
                planned.error(
                    village_column or header.get("village_code", ""),
                    _("the village (or its code) is missing."),
                )
            else:
                planned.village_name = village_text
                regency_text = raw.get("regency", "")
                if regency_text:
                    codes = places.regency_codes(regency_text, raw.get("province", ""))
                    if not codes:
                        planned.error(
                            header["regency"],
                            _("no regency or city called “%(value)s”.") % {"value": regency_text},
                        )
                    wanted_areas.update(codes)
                    planned.values["_areas"] = ",".join(codes)
                else:
                    area = event.regency_id or event.province_id
                    wanted_areas.add(area)
                    planned.values["_areas"] = area
        parsed.append((planned, raw))
        report.rows.append(planned)

    places.load(wanted_codes, wanted_areas)
    _resolve_villages(parsed, places, header)

    # Libraries, scope.
    village_codes = {p.village_code for p, _r in parsed if p.village_code and p.outcome != ERROR}
    libraries: dict[str, int] = {}
    in_scope: set[str] = set()
    codes = sorted(village_codes)
    for start in range(0, len(codes), 900):
        chunk = codes[start : start + 900]
        libraries.update(
            VillageLibrary.objects.filter(village_id__in=chunk).values_list("village_id", "id")
        )
        in_scope.update(
            Village.objects.in_scope(user).filter(code__in=chunk).values_list("code", flat=True)
        )
    location_column = (
        header.get("village_code") or header.get("village") or header.get("library", "")
    )
    for planned, _raw in parsed:
        if planned.outcome == ERROR or not planned.village_code:
            continue
        village = places.by_code[planned.village_code]
        if planned.village_code not in in_scope:
            planned.error(
                location_column,
                _("%(village)s is outside your region.")
                % {"village": _describe(village, places.regency_names)},
            )
            continue
        planned.library_id = libraries.get(planned.village_code)
        if planned.library_id is None:
            if create_libraries:
                planned.note(
                    _("the village %(village)s has no library yet: it will be created.")
                    % {"village": _describe(village, places.regency_names)}
                )
            else:
                planned.error(
                    location_column,
                    _(
                        "the village %(village)s has no library yet. Tick "
                        "“create missing libraries” to create it."
                    )
                    % {"village": _describe(village, places.regency_names)},
                )

    _check_duplicates(report, event, header, user)
    return report


def _normalise_row(planned: PlannedRow, raw: dict[str, str], header: dict[str, str]) -> None:
    name = normalise_name(raw.get("name", ""))
    if not name:
        planned.error(header["name"], _("the name is missing."))
    elif len(name) > 150:
        planned.error(header["name"], _("the name is longer than 150 characters."))
    elif name[0] in "+-@" or not any(c.isalpha() for c in name):
        planned.error(header["name"], _("“%(value)s” is not a name.") % {"value": name[:60]})
    planned.values["full_name"] = name

    gender_text = raw.get("gender", "")
    gender = normalise_gender(gender_text) if gender_text else None
    if "gender" not in header:
        planned.error("", _("the gender is missing (add a column “Jenis Kelamin” with L or P)."))
    elif not gender_text:
        planned.error(header["gender"], _("the gender is missing (L or P)."))
    elif gender is None:
        planned.error(
            header["gender"],
            _("“%(value)s” is not a gender; write L or P (Laki-laki/Perempuan, M/F).")
            % {"value": gender_text[:40]},
        )
    planned.values["gender"] = gender or ""

    role_text = raw.get("role", "")
    role = normalise_role(role_text)
    if role is None:
        planned.error(
            header["role"],
            _("“%(value)s” is not a role; write one of: %(roles)s.")
            % {
                "value": role_text[:40],
                "roles": ", ".join(str(label) for label in Participant.Role.labels),
            },
        )
    planned.values["role"] = role or ""
    planned.values["role_given"] = "1" if role_text else ""

    phone_text = raw.get("phone", "")
    phone = normalise_phone(phone_text)
    if phone is None:
        planned.error(
            header["phone"],
            _("“%(value)s” is not an Indonesian phone number.") % {"value": phone_text[:40]},
        )
    planned.values["phone"] = phone or ""

    email_text = raw.get("email", "")
    email = normalise_email(email_text)
    if email is None:
        planned.error(
            header["email"], _("“%(value)s” is not an e-mail address.") % {"value": email_text[:60]}
        )
    planned.values["email"] = email or ""


def _resolve_villages(parsed, places: _Places, header: dict[str, str]) -> None:
    for planned, raw in parsed:
        if planned.outcome == ERROR:
            continue
        if planned.village_code:
            if planned.village_code not in places.by_code:
                planned.error(
                    header["village_code"],
                    _("there is no village with the code %(code)s.")
                    % {"code": planned.village_code},
                )
            else:
                planned.village_name = places.by_code[planned.village_code]["name"]
            continue
        areas = [a for a in planned.values.get("_areas", "").split(",") if a]
        key = place_key(planned.village_name, "village")
        candidates = [v for area in areas for v in places.by_area_name.get((area, key), [])]
        district_text = raw.get("district", "")
        if district_text and candidates:
            district = place_key(district_text, "district")
            narrowed = [v for v in candidates if v["district_key"] == district]
            if not narrowed:
                planned.error(
                    header["district"],
                    _(
                        "there is no village “%(village)s” in the district "
                        "“%(district)s”; it exists in: %(candidates)s."
                    )
                    % {
                        "village": planned.village_name,
                        "district": district_text,
                        "candidates": "; ".join(
                            _describe(v, places.regency_names) for v in candidates
                        ),
                    },
                )
                continue
            candidates = narrowed
        column = header.get("village") if raw.get("village") else header.get("library", "")
        where = raw.get("regency", "") or places.regency_names.get(areas[0], "") if areas else ""
        if not candidates:
            planned.error(
                column,
                _("no village called “%(village)s” was found in %(where)s.")
                % {"village": planned.village_name, "where": where or _("the event's region")},
            )
        elif len(candidates) > 1:
            planned.error(
                column,
                _(
                    "“%(village)s” names %(count)d villages: "
                    "%(candidates)s. Add the district or the village code."
                )
                % {
                    "village": planned.village_name,
                    "count": len(candidates),
                    "candidates": "; ".join(_describe(v, places.regency_names) for v in candidates),
                },
            )
        else:
            planned.village_code = candidates[0]["code"]
            planned.village_name = candidates[0]["name"]  # the official spelling


_UPDATABLE = ("gender", "role", "phone", "email")
CONTACTS = ("phone", "email")


def _check_duplicates(
    report: ImportReport, event: TrainingEvent, header: dict[str, str], user: Any
) -> None:
    existing = list(
        Participant.objects.filter(event=event).values_list(
            "id", "full_name", "library_id", "phone", "email", "gender", "role"
        )
    )
    by_name: dict[tuple[str, int], dict[str, Any]] = {}
    by_phone: dict[str, dict[str, Any]] = {}
    records = []
    for pk, full_name, library_id, phone, email, gender, role in existing:
        record = {
            "id": pk,
            "full_name": full_name,
            "library_id": library_id,
            "phone": phone,
            "email": email,
            "gender": gender,
            "role": role,
        }
        records.append(record)
        by_name.setdefault((name_key(full_name), library_id), record)

    # A participant from another region is named only to those who may see them.
    visible = set(
        Participant.objects.in_scope(user).filter(event=event).values_list("id", flat=True)
    )
    # Matching a row's phone against stored ones would tell whether a number is registered:
    # only for participants the user may see, and only with the contacts permission. Without
    # it the file's phone and e-mail never overwrite stored ones either (UU PDP 27/2022).
    contacts = can_see_contacts(user)
    if contacts:
        for record in (r for r in records if r["id"] in visible and r["phone"]):
            by_phone.setdefault(record["phone"], record)
    updatable = _UPDATABLE if contacts else tuple(f for f in _UPDATABLE if f not in CONTACTS)

    def who(record: dict[str, Any]) -> str:
        return (
            record["full_name"]
            if record["id"] in visible
            else _("a participant from another region")
        )

    seen_name: dict[tuple[str, str], int] = {}
    seen_phone: dict[str, int] = {}
    for planned in report.rows:
        if planned.outcome == ERROR:
            continue
        values = planned.values
        key = (name_key(values["full_name"]), planned.village_code)
        phone = values["phone"]
        if key in seen_name:
            planned.outcome = DUPLICATE
            planned.note(
                _("repeats row %(row)d (same name and library); not imported twice.")
                % {"row": seen_name[key]}
            )
            continue
        if phone and phone in seen_phone:
            planned.outcome = DUPLICATE
            planned.note(
                _("has the same phone as row %(row)d; not imported twice.")
                % {"row": seen_phone[phone]}
            )
            continue
        seen_name[key] = planned.number
        if phone:
            seen_phone[phone] = planned.number

        match = by_name.get((key[0], planned.library_id)) if planned.library_id else None
        phone_owner = by_phone.get(phone) if phone else None
        if match is None and phone_owner is not None:
            planned.outcome = DUPLICATE
            planned.participant_id = phone_owner["id"]
            planned.note(
                _("the phone is already registered for this event by %(name)s; not imported twice.")
                % {"name": who(phone_owner)}
            )
            continue
        if match is not None and phone_owner is not None and phone_owner["id"] != match["id"]:
            planned.error(
                header.get("phone", ""),
                _("this phone belongs to another participant of this event, %(name)s.")
                % {"name": who(phone_owner)},
            )
            continue
        if match is None:
            planned.outcome = NEW
            continue
        planned.participant_id = match["id"]
        for field_name in updatable:
            new = values[field_name]
            if not new or (field_name == "role" and not values.get("role_given")):
                continue  # an empty cell keeps what is there
            if new != match[field_name]:
                planned.changes[field_name] = (match[field_name], new)
        if planned.changes:
            planned.outcome = UPDATE
            planned.note(
                _("already registered; will update: %(fields)s.")
                % {
                    "fields": ", ".join(
                        str(Participant._meta.get_field(f).verbose_name) for f in planned.changes
                    )
                }
            )
        else:
            planned.outcome = DUPLICATE
            planned.note(
                _("already registered for this event with the same details; nothing to change.")
            )


def _write(report: ImportReport, *, user: Any) -> None:
    from django.contrib.auth import get_user_model
    from django.utils import timezone
    from simple_history.utils import bulk_create_with_history, bulk_update_with_history

    from core.audit import audit_bulk
    from villages.services import library_get_or_create

    rows = [r for r in report.rows if r.outcome in (NEW, UPDATE)]
    # The command line may run as a national administrator who is no database user.
    db_user = user if isinstance(user, get_user_model()) else None
    created_libraries: dict[str, int] = {}
    for planned in rows:
        if planned.library_id is None:
            if planned.village_code not in created_libraries:
                village = Village.objects.select_related("regency").get(code=planned.village_code)
                library, _created = library_get_or_create(village=village)
                created_libraries[planned.village_code] = library.pk
                report.libraries_created.append(f"{library.name} ({village.code})")
            planned.library_id = created_libraries[planned.village_code]

    new = [
        Participant(
            event=report.event,
            library_id=p.library_id,
            full_name=p.values["full_name"],
            gender=p.values["gender"],
            role=p.values["role"],
            phone=p.values["phone"],
            email=p.values["email"],
        )
        for p in rows
        if p.outcome == NEW
    ]
    created = bulk_create_with_history(
        new, Participant, batch_size=2000, default_user=db_user, default_change_reason="import"
    )
    report.created_pks = [p.pk for p in created]

    updates = [p for p in rows if p.outcome == UPDATE]
    if updates:
        objects = Participant.objects.in_bulk([p.participant_id for p in updates])
        changed_fields: set[str] = set()
        now = timezone.now()
        for planned in updates:
            obj = objects[planned.participant_id]
            for field_name, (_old, new_value) in planned.changes.items():
                setattr(obj, field_name, new_value)
                changed_fields.add(field_name)
            obj.modified = now  # bulk_update skips auto_now
        bulk_update_with_history(
            list(objects.values()),
            Participant,
            [*sorted(changed_fields), "modified"],
            batch_size=2000,
            default_user=db_user,
            default_change_reason="import",
        )
        report.updated_pks = list(objects)

    audit = audit_bulk(
        user=db_user,
        action="import",
        model=Participant,
        pks=[*report.created_pks, *report.updated_pks],
        detail={
            "event": report.event.slug,
            "file": report.filename,
            "sha256": report.sha256,
            "counts": report.counts,
            "strict": report.strict,
            "by": getattr(db_user, "username", None) or _("command line (national administrator)"),
            "libraries_created": report.libraries_created,
        },
    )
    report.audit_id = audit.pk
    report.committed = True


def scope_label(user: Any) -> str:
    scope = scope_of(user)
    return str(scope) if scope else ""
