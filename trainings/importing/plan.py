"""Making the plan: read the columns, normalise every row, find its village and library
(:mod:`.places`), check scope and duplicates (:mod:`.duplicates`). Nothing is written here."""

from __future__ import annotations

import hashlib
from typing import Any

from django.utils.translation import gettext as _

from core.tabular import Table

from ..models import Participant, TrainingEvent
from ..participation import event_areas_for
from .duplicates import check_duplicates
from .normalise import (
    normalise_email,
    normalise_gender,
    normalise_name,
    normalise_phone,
    normalise_role,
)
from .participation import check_participation
from .places import Places, check_scope_and_libraries, locate, resolve_village
from .report import ERROR, ImportReport, PlannedRow
from .source import FileColumns, SourceRow, check_usable, file_columns


def plan_import(
    *,
    event: TrainingEvent,
    user: Any,
    table: Table,
    data: bytes,
    filename: str,
    create_libraries: bool,
    strict: bool,
) -> ImportReport:
    """What importing `table` into `event` as `user` would do, row by row."""
    columns = file_columns(table)
    check_usable(table, columns)
    report = ImportReport(
        event=event,
        filename=filename,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        table=table,
        columns=columns.recognised,
        ignored=columns.ignored,
        rows=[],
        create_libraries=create_libraries,
        strict=strict,
    )
    places = Places()
    default_areas = event_areas_for(event, user)
    located: list[tuple[PlannedRow, SourceRow]] = []
    for row in table.rows:
        source = SourceRow.of(row, columns)
        if not any(source.typed.values()):
            continue  # only cells in columns we do not import
        planned = PlannedRow(row.number)
        report.rows.append(planned)
        _refuse_formulas(planned, source, columns)
        if planned.outcome == ERROR:
            continue
        _normalise_row(planned, source, columns)
        locate(planned, source, columns, default_areas, places)
        located.append((planned, source))

    places.load(
        (p.village_code for p, _s in located if p.village_code),
        (area for p, _s in located for area in p.areas),
    )
    for planned, source in located:
        if planned.outcome != ERROR:
            resolve_village(planned, source, columns, places)
    check_scope_and_libraries(report.rows, user, columns, places, create_libraries)
    check_participation(report)
    check_duplicates(report, user=user)
    return report


def _refuse_formulas(planned: PlannedRow, source: SourceRow, columns: FileColumns) -> None:
    # As typed: a cell we exported as '=… is text, not a formula.
    for key, text in source.typed.items():
        if text.startswith("="):
            planned.error(
                columns.label(key),
                _("a formula (%(formula)s) is not accepted; type the value itself.")
                % {"formula": text[:60]},
            )


def _normalise_row(planned: PlannedRow, source: SourceRow, columns: FileColumns) -> None:
    label = columns.label
    name = normalise_name(source.get("name"))
    if not name:
        planned.error(label("name"), _("the name is missing."))
    elif len(name) > 150:
        planned.error(label("name"), _("the name is longer than 150 characters."))
    elif source.typed["name"].startswith(("+", "-", "@")) or not any(c.isalpha() for c in name):
        planned.error(label("name"), _("“%(value)s” is not a name.") % {"value": name[:60]})
    planned.full_name = name

    gender_text = source.get("gender")
    gender = normalise_gender(gender_text) if gender_text else None
    if "gender" not in columns.index:
        planned.error("", _("the gender is missing (add a column “Jenis Kelamin” with L or P)."))
    elif not gender_text:
        planned.error(label("gender"), _("the gender is missing (L or P)."))
    elif gender is None:
        planned.error(
            label("gender"),
            _("“%(value)s” is not a gender; write L or P (Laki-laki/Perempuan, M/F).")
            % {"value": gender_text[:40]},
        )
    planned.gender = gender or ""

    role_text = source.get("role")
    role = normalise_role(role_text)
    if role is None:
        # Offices write positions every way: an unknown one is kept as written, never refused.
        planned.note(
            _("the position “%(value)s” is not a known role: recorded as “%(role)s”, as written.")
            % {"value": role_text[:40], "role": Participant.Role.OTHER.label}
        )
        role = Participant.Role.OTHER
    planned.role = role
    planned.role_given = bool(role_text)
    planned.position = " ".join(role_text.split())[:150]

    phone_text = source.get("phone")
    phone = normalise_phone(phone_text)
    if phone is None:
        planned.error(
            label("phone"),
            _("“%(value)s” is not an Indonesian phone number.") % {"value": phone_text[:40]},
        )
    planned.phone = phone or ""

    email_text = source.get("email")
    email = normalise_email(email_text)
    if email is None:
        planned.error(
            label("email"), _("“%(value)s” is not an e-mail address.") % {"value": email_text[:60]}
        )
    planned.email = email or ""
