"""Importing participant registrations from the spreadsheets the regency offices send.

One entry point, :func:`participants_import`, in two steps:

1. **Preview** (``commit=False``): read the file (``core.tabular``), match its columns by
   header (``trainings.columns``), normalise every row (:mod:`.normalise`), find its village
   library (:mod:`.places`), check scope and duplicates (:mod:`.duplicates`), and say what each
   row would do: *new*, *update*, *duplicate* or *error* (with the row, the column and the
   reason), as a typed :class:`ImportReport` (:mod:`.report`). Nothing is written.
2. **Commit** (``commit=True``): the same plan is made again inside one transaction, from the
   same bytes (a preview shown to the user is never trusted), and the valid rows are written
   with their history, plus one audit record naming every row touched (:mod:`.write`). In
   strict mode nothing is written if any row has an error.

A row is the same person as an earlier row or an existing participant of the event by the one
rule of `Participant.identity_key` (the normalised name and the library): such a row is never
written twice, so importing the same file again changes nothing. A shared phone is only noted.

The column definitions are shared with the exports, so an exported list imports back; the
exporters' formula guard is undone with `core.formulas.unneutralise`.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from core.tabular import Table

from ..models import TrainingEvent
from .normalise import header_score
from .plan import plan_import
from .report import (
    DUPLICATE,
    ERROR,
    NEW,
    OUTCOMES,
    UPDATE,
    ImportRefused,
    ImportReport,
    PlannedRow,
    RowMessage,
)
from .source import read_participant_table
from .template import TEMPLATE_KEYS, ParticipantImportTemplate
from .write import write_report

__all__ = [
    "DUPLICATE",
    "ERROR",
    "NEW",
    "OUTCOMES",
    "TEMPLATE_KEYS",
    "UPDATE",
    "ImportRefused",
    "ImportReport",
    "ParticipantImportTemplate",
    "PlannedRow",
    "RowMessage",
    "header_score",
    "participants_import",
    "read_participant_table",
]


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

    ``user``: who imports (a database user; the commands pass `core.system.system_user()`):
    their region bounds the rows, and history and audit name them. ``table``: the
    :class:`Table` already read from these same bytes (the admin keeps the preview's,
    server-side, so that confirming does not parse the file again); the plan is always made
    again, inside the transaction, against the database as it is then.

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
        table = read_participant_table(data, filename=filename, sheet=sheet)
    options = {
        "user": user,
        "table": table,
        "data": data,
        "filename": filename,
        "create_libraries": create_libraries,
        "strict": strict,
    }
    if not commit:
        return plan_import(event=event, **options)
    with transaction.atomic():
        # One import at a time per event: the second waits and then sees the first's rows.
        event = TrainingEvent.objects.select_for_update().get(pk=event.pk)
        report = plan_import(event=event, **options)
        if report.writable:
            write_report(report, user=user)
        return report
