"""The one rule for a phone number: Indonesian numbers are stored in E.164 form ("+62812…").

Imports, admin forms, the API and the demo all save through `normalise_phone`, so the same
number typed ``0812-3456-7890`` by hand and read as ``+62 812 3456 7890`` from a spreadsheet is
one stored value: the importer sees no change to report, duplicates by phone are found, and an
export reads the same everywhere. Pure functions, no database.
"""

from __future__ import annotations

import re

_NOT_PHONE = re.compile(r"[^\d\s+\-().]")


def normalise_phone(text: str) -> str | None:
    """An Indonesian number in +62 form ("+6281234567890"), "" when empty, None when invalid.

    Accepts 0812-3456-7890, +62 812 3456 7890, 6281234567890, (0361) 123456 and 812345678 (a
    leading zero Excel dropped from a number cell).
    """
    raw = (text or "").strip()
    if not raw:
        return ""
    if _NOT_PHONE.search(raw) or raw.count("+") > 1 or ("+" in raw and not raw.startswith("+")):
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


def stored_phone(text: str) -> str:
    """What a model stores for `text`: the normal form, or the text as typed (trimmed) when it
    is not a number we can read — validation (`clean`) reports that case to whoever typed it,
    and a save from code never loses what was there."""
    normal = normalise_phone(text)
    return (text or "").strip() if normal is None else normal
