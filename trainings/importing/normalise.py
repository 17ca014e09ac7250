"""Normalising what people type in a participant list: headers, names, phones, genders, roles,
e-mails, village codes and place names. Pure functions, no database."""

from __future__ import annotations

import functools
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import translation

from core.exporters import Column
from core.phones import normalise_phone  # noqa: F401  (the one rule; re-exported for the importer)

from ..columns import PARTICIPANT_COLUMNS, normalise_header
from ..models import Participant

# --- headers ---------------------------------------------------------------------------------

_HEADER_INDEX: dict[str, Column] = {}
for _column in PARTICIPANT_COLUMNS:
    for _header in _column.all_headers:
        _HEADER_INDEX.setdefault(normalise_header(_header), _column)


def header_column(text: str) -> Column | None:
    """The shared column a spreadsheet header names, or None."""
    return _HEADER_INDEX.get(normalise_header(text))


def header_score(cells: list[str]) -> int:
    """How much a row looks like the header: the number of distinct known columns it names."""
    return len({column.key for column in map(header_column, cells) if column is not None})


# --- names -----------------------------------------------------------------------------------


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


# --- phones, e-mails, genders ----------------------------------------------------------------


def normalise_email(text: str) -> str | None:
    """Lower case, without a "mailto:"; "" when empty, None when not an address."""
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


def _word(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", text.casefold())


_GENDERS = {
    **dict.fromkeys(("l", "lk", "laki", "lakilaki", "pria", "m", "male", "man"), "L"),
    **dict.fromkeys(("p", "pr", "perempuan", "wanita", "f", "female", "woman", "w"), "P"),
}


def normalise_gender(text: str) -> str | None:
    return _GENDERS.get(_word(text))


# --- roles -----------------------------------------------------------------------------------

#: Short forms offices write, expanded before matching ("Ka. Perpus" = "Kepala Perpustakaan").
_ROLE_ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "ka": ("kepala",),
    "kep": ("kepala",),
    "kpl": ("kepala",),
    "perpus": ("perpustakaan",),
    "perpust": ("perpustakaan",),
    "perpusdes": ("perpustakaan", "desa"),
    "perpusdesa": ("perpustakaan", "desa"),
    "pusdes": ("perpustakaan", "desa"),
    "staff": ("staf",),
    "kades": ("kepala", "desa"),
    "sekdes": ("sekretaris", "desa"),
    "kadus": ("kepala", "dusun"),
    "aparat": ("perangkat",),
    "aparatur": ("perangkat",),
    "kel": ("kelurahan",),
    "ds": ("desa",),
    "sukarelawan": ("relawan",),
    "kaperpus": ("kepala", "perpustakaan"),
    "fasilitatordaerah": ("fasilitator", "daerah"),
}
_PLACE_WORDS = frozenset({"desa", "kelurahan", "village"})
#: After these words a place word only says whose library it is ("Kepala Perpustakaan
#: Desa/Kelurahan" is the head of the library): dropped.
_LIBRARY_WORDS = frozenset(
    {"perpustakaan", "pustakawan", "pengelola", "staf", "petugas", "relawan"}
)

_ROLE_PHRASES: dict[str, tuple[str, ...]] = {
    Participant.Role.HEAD: (
        "kepala",
        "kepala perpustakaan",
        "ketua",
        "ketua perpustakaan",
        "ketua pengelola",
        "ketua pengelola perpustakaan",
        "head",
        "head of library",
        "head librarian",
        "library head",
    ),
    Participant.Role.LIBRARIAN: (
        "pustakawan",
        "pengelola",
        "pengelola perpustakaan",
        "pengurus perpustakaan",
        "staf",
        "staf perpustakaan",
        "petugas",
        "petugas perpustakaan",
        "operator perpustakaan",
        "manajer",
        "manajer perpustakaan",
        "manager",
        "pustakawan desa",
        "librarian",
        "library staff",
        "librarian library staff",
        "pustakawan staf perpustakaan",
    ),
    Participant.Role.VILLAGE_OFFICIAL: (
        "perangkat desa",
        "pemerintah desa",
        "kepala desa",
        "sekretaris desa",
        "kepala dusun",
        "kepala urusan",
        "kepala urusan umum",
        "kaur umum",
        "perangkat",
        "kepala seksi",
        "kaur",
        "kasi",
        "lurah",
        "village official",
    ),
    Participant.Role.VOLUNTEER: (
        "relawan",
        "relawan perpustakaan",
        "relawan literasi",
        "pegiat literasi",
        "penggiat literasi",
        "aktivis literasi",
        "literacy activist",
        "volunteer",
    ),
    Participant.Role.FACILITATOR: (
        "fasilitator",
        "fasilitator daerah",
        "fasilitator kabupaten",
        "fasilitator provinsi",
        "fasda",
        "pendamping",
        "pendamping desa",
        "facilitator",
    ),
    Participant.Role.OTHER: ("lainnya", "lain", "lain lain", "other", "others"),
}


def role_words(text: str) -> str:
    """A role as compared: accents, case and punctuation ignored, short forms expanded, the
    place after a library word dropped and "Desa/Kelurahan" read as one place word."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    words: list[str] = []
    for word in re.sub(r"[^a-z0-9]+", " ", text).split():
        words.extend(_ROLE_ABBREVIATIONS.get(word, (word,)))
    out: list[str] = []
    for word in words:
        if word in _PLACE_WORDS:
            if out and (out[-1] in _LIBRARY_WORDS or out[-1] == "desa"):
                continue
            word = "desa"
        out.append(word)
    return " ".join(out)


@functools.cache
def _role_index() -> dict[str, str]:
    from ..exporters import ROLE_LABELS

    index: dict[str, str] = {}
    for value, phrases in _ROLE_PHRASES.items():
        for phrase in phrases:
            index[role_words(phrase)] = value
        index[role_words(value)] = value
    # What the exports write and the labels in both languages, so an exported list imports back.
    for labels in ROLE_LABELS.values():
        for value, label in labels.items():
            index[role_words(label)] = value
    for language in ("id", "en"):
        with translation.override(language):
            for value, label in Participant.Role.choices:
                index.setdefault(role_words(str(label)), value)
    # Also without spaces, as some type it ("KepalaPerpustakaan").
    for key, value in list(index.items()):
        index.setdefault(key.replace(" ", ""), value)
    return index


def normalise_role(text: str) -> str | None:
    """A role choice from the words people write; "" (empty) is the default, librarian."""
    if not text.strip():
        return Participant.Role.LIBRARIAN
    words = role_words(text)
    index = _role_index()
    return index.get(words) or index.get(words.replace(" ", ""))


# --- places ----------------------------------------------------------------------------------

# Moved to villages.importing (issue 10), shared with the beneficiary import.
from villages.importing import (  # noqa: E402,F401
    normalise_village_code,
    place_key,
    regency_kind,
)
