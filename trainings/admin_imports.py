"""The admin's "Import participants" pages: upload → preview → confirm, and the templates.

Wired into ``TrainingEventAdmin.get_urls`` (trainings/admin.py) with :func:`import_urls`. The
rules live in :mod:`trainings.importers`; these views only hold the upload between the preview
and the confirmation.

The upload is kept server-side, never re-posted by the browser: the file's bytes and the parsed
table go into ``IMPORT_UPLOAD_DIR`` under a random token that is also stored in the user's
session. Confirming needs that token in the same session, by the same user, for the same event;
the bytes are hashed again and must match the preview's sha256. The plan is then made again
inside the transaction (the preview shown to the user is never trusted), and the files deleted.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import secrets
import tempfile
import time
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.admin import ModelAdmin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from core.tabular import Table, TableError, check_size, read_table, setting
from villages.scoping import can_see_contacts

from .columns import COLUMNS_BY_KEY
from .importers import (
    DUPLICATE,
    ERROR,
    NEW,
    TEMPLATE_KEYS,
    UPDATE,
    header_score,
    participants_import,
)
from .models import TrainingEvent

SESSION_KEY = "participant_imports"
#: Uploads not confirmed within this many seconds are deleted at the next upload.
UPLOAD_MAX_AGE = 24 * 3600
#: The preview page lists at most this many rows (all counts are always shown).
PREVIEW_ROW_LIMIT = 500


def upload_dir() -> Path:
    directory = Path(
        getattr(settings, "IMPORT_UPLOAD_DIR", "")
        or Path(tempfile.gettempdir()) / "libportal-imports"
    )
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    return directory


def _clean_old_uploads(directory: Path) -> None:
    limit = time.time() - UPLOAD_MAX_AGE
    for item in directory.glob("*.*"):
        try:
            if item.stat().st_mtime < limit:
                item.unlink()
        except OSError:
            pass


class ImportForm(forms.Form):
    event = forms.ModelChoiceField(
        queryset=TrainingEvent.objects.none(), label=gettext_lazy("Event")
    )
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy("Excel workbook (.xlsx) or CSV, up to %(limit)s."),
    )
    sheet = forms.CharField(
        label=gettext_lazy("Sheet"),
        required=False,
        max_length=31,
        help_text=gettext_lazy("For a workbook: the sheet to read. Empty: the first sheet."),
    )
    create_libraries = forms.BooleanField(
        label=gettext_lazy("Create missing libraries"),
        required=False,
        help_text=gettext_lazy(
            "A village that has no library yet gets one. Otherwise its rows are errors."
        ),
    )
    strict = forms.BooleanField(
        label=gettext_lazy("All or nothing"),
        required=False,
        help_text=gettext_lazy("Write nothing if any row has an error."),
    )

    def __init__(self, *args, user, event: TrainingEvent | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = TrainingEvent.objects.in_scope(user).order_by(
            "-start_date", "title"
        )
        if event is not None:
            self.fields["event"].initial = event.pk
            self.fields["event"].widget = forms.HiddenInput()
            self.fields["event"].disabled = True  # the event of the page, whatever is posted
        from django.template.defaultfilters import filesizeformat

        self.fields["file"].help_text = self.fields["file"].help_text % {
            "limit": filesizeformat(setting("IMPORT_MAX_BYTES"))
        }
        self.data_bytes: bytes = b""
        self.table: Table | None = None

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload is None:
            return cleaned
        try:
            check_size(upload.size)
            data = upload.read()
            table = read_table(
                data,
                filename=upload.name,
                sheet=cleaned.get("sheet") or None,
                header_score=header_score,
            )
        except TableError as exc:
            raise forms.ValidationError({"file": exc.message}) from None
        self.data_bytes, self.table = data, table
        return cleaned


def _check_permission(request: HttpRequest) -> None:
    if not (
        request.user.has_perm("trainings.add_participant")
        and request.user.has_perm("trainings.change_participant")
    ):
        raise PermissionDenied


def _context(model_admin: ModelAdmin, request: HttpRequest, **extra: Any) -> dict[str, Any]:
    return {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "app_label": model_admin.model._meta.app_label,
        **extra,
    }


def import_upload(
    request: HttpRequest, model_admin: ModelAdmin, object_id: str | None = None
) -> HttpResponse:
    """Step 1: choose the file (and the event, from the participant list)."""
    _check_permission(request)
    event = None
    if object_id is not None:
        event = (
            TrainingEvent.objects.in_scope(request.user).filter(pk=object_id).first()
            if object_id.isdigit()
            else None
        )
        if event is None:
            raise Http404(_("No such event in your region."))
    form = ImportForm(request.POST or None, request.FILES or None, user=request.user, event=event)
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["event"]
        upload = form.cleaned_data["file"]
        token = secrets.token_urlsafe(24)
        directory = upload_dir()
        _clean_old_uploads(directory)
        (directory / f"{token}.bin").write_bytes(form.data_bytes)
        meta = {
            "user": request.user.pk,
            "event": chosen.pk,
            "filename": Path(upload.name).name[:200],
            "sha256": hashlib.sha256(form.data_bytes).hexdigest(),
            "sheet": form.cleaned_data.get("sheet") or None,
            "create_libraries": form.cleaned_data["create_libraries"],
            "strict": form.cleaned_data["strict"],
            "table": form.table.to_json(),
        }
        (directory / f"{token}.json").write_text(json.dumps(meta))
        tokens = [
            t for t in request.session.get(SESSION_KEY, []) if (directory / f"{t}.json").exists()
        ]
        request.session[SESSION_KEY] = [*tokens[-9:], token]
        return redirect(reverse("admin:trainings_trainingevent_import_preview", args=[token]))
    return TemplateResponse(
        request,
        "admin/trainings/participant_import.html",
        _context(
            model_admin,
            request,
            title=_("Import participants"),
            event=event,
            form=form,
            template_keys=TEMPLATE_KEYS,
            headers=[COLUMNS_BY_KEY[k].header_id for k in TEMPLATE_KEYS],
        ),
    )


def _load(request: HttpRequest, token: str) -> tuple[dict[str, Any], bytes, TrainingEvent]:
    """The stored upload of this session and user, checked; 404 for anything else."""
    if (
        token not in request.session.get(SESSION_KEY, [])
        or not token.replace("-", "").replace("_", "").isalnum()
    ):
        raise Http404(_("This import is not (or no longer) available. Upload the file again."))
    directory = upload_dir()
    try:
        meta = json.loads((directory / f"{token}.json").read_text())
        data = (directory / f"{token}.bin").read_bytes()
    except (OSError, ValueError):
        raise Http404(
            _("This import is not (or no longer) available. Upload the file again.")
        ) from None
    if meta.get("user") != request.user.pk or hashlib.sha256(data).hexdigest() != meta.get(
        "sha256"
    ):
        raise Http404(_("This import is not (or no longer) available. Upload the file again."))
    event = TrainingEvent.objects.in_scope(request.user).filter(pk=meta["event"]).first()
    if event is None:
        raise Http404(_("No such event in your region."))
    return meta, data, event


def _forget(request: HttpRequest, token: str) -> None:
    request.session[SESSION_KEY] = [t for t in request.session.get(SESSION_KEY, []) if t != token]
    for suffix in (".bin", ".json"):
        try:
            (upload_dir() / f"{token}{suffix}").unlink()
        except OSError:
            pass


def import_preview(request: HttpRequest, model_admin: ModelAdmin, token: str) -> HttpResponse:
    """Step 2 (GET): what each row would do. Step 3 (POST): do it, in one transaction."""
    _check_permission(request)
    meta, data, event = _load(request, token)
    options = {
        "event": event,
        "user": request.user,
        "data": data,
        "filename": meta["filename"],
        "sheet": meta["sheet"],
        "create_libraries": meta["create_libraries"],
        "strict": meta["strict"],
        "table": Table.from_json(meta["table"]),
    }
    change_url = reverse("admin:trainings_trainingevent_change", args=[event.pk])
    try:
        if request.method == "POST":
            if "cancel" in request.POST:
                _forget(request, token)
                messages.info(request, _("Import cancelled; nothing was written."))
                return redirect(change_url)
            report = participants_import(**options, commit=True)
            _forget(request, token)
            if report.committed:
                messages.success(
                    request,
                    _(
                        "Imported from %(file)s: %(created)d "
                        "participants added, %(updated)d updated; "
                        "%(duplicate)d duplicates and %(error)d rows with errors were not written."
                    )
                    % {
                        "file": meta["filename"],
                        "created": len(report.created_pks),
                        "updated": len(report.updated_pks),
                        "duplicate": report.counts[DUPLICATE],
                        "error": report.counts[ERROR],
                    },
                )
            else:
                messages.warning(
                    request,
                    _("Nothing was written: %(reason)s") % {"reason": _nothing_reason(report)},
                )
            return redirect(change_url)
        report = participants_import(**options)
    except TableError as exc:
        _forget(request, token)
        messages.error(request, exc.message)
        return redirect(reverse("admin:trainings_trainingevent_import", args=[event.pk]))
    contacts = can_see_contacts(request.user)
    shown = [r for r in report.rows if r.outcome != NEW] + [
        r for r in report.rows if r.outcome == NEW
    ]
    shown = sorted(shown[:PREVIEW_ROW_LIMIT], key=lambda r: r.number)
    return TemplateResponse(
        request,
        "admin/trainings/participant_import_preview.html",
        _context(
            model_admin,
            request,
            title=_("Import participants: preview"),
            event=event,
            report=report,
            counts=report.counts,
            rows=[{"row": r, "summary": r.summary(contacts=contacts)} for r in shown],
            hidden_rows=len(report.rows) - len(shown),
            token=token,
            meta=meta,
            outcome_labels={
                NEW: _("new"),
                UPDATE: _("update"),
                DUPLICATE: _("duplicate"),
                ERROR: _("error"),
            },
            nothing_reason="" if report.writable else _nothing_reason(report),
        ),
    )


def _nothing_reason(report) -> str:
    if report.strict and report.has_errors:
        return _("“All or nothing” was chosen and %(n)d rows have errors.") % {
            "n": report.counts[ERROR]
        }
    return _("no row is new or changed.")


def import_template(request: HttpRequest, model_admin: ModelAdmin, fmt: str) -> HttpResponse:
    """The empty template, with exactly the headers the importer reads (the shared columns)."""
    _check_permission(request)
    english = (get_language() or "id").startswith("en")
    headers = [
        COLUMNS_BY_KEY[k].header_en if english else COLUMNS_BY_KEY[k].header_id
        for k in TEMPLATE_KEYS
    ]
    name = "participants-template" if english else "templat-peserta"
    if fmt == "csv":
        out = io.StringIO()
        csv.writer(out).writerow(headers)
        response = HttpResponse(
            ("\ufeff" + out.getvalue()).encode(), content_type="text/csv; charset=utf-8"
        )
    elif fmt == "xlsx":
        import xlsxwriter

        buffer = io.BytesIO()
        workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
        sheet = workbook.add_worksheet(_("Participants")[:31])
        bold = workbook.add_format({"bold": True})
        text = workbook.add_format({"num_format": "@"})  # phones and codes stay text
        sheet.write_row(0, 0, headers, bold)
        sheet.set_column(0, len(headers) - 1, 20, text)
        sheet.freeze_panes(1, 0)
        notes = workbook.add_worksheet(_("Instructions")[:31])
        for i, line in enumerate(_template_instructions()):
            notes.write(i, 0, line)
        notes.set_column(0, 0, 110)
        workbook.close()
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def _template_instructions() -> list[str]:
    return [
        _(
            "One participant per row, below the header row. "
            "Title rows above the header are allowed."
        ),
        _(
            "Kode Desa: the official village code (e.g. "
            "51.03.02.2009). Without it, give Desa, Kecamatan and Kabupaten."
        ),
        _(
            "Jenis Kelamin: L or P. Jabatan: Kepala Perpustakaan, "
            "Pustakawan, Perangkat Desa, Relawan or Lainnya."
        ),
        _(
            "No. HP: any usual form (0812-3456-7890, +62 812 "
            "3456 7890); it is stored as +6281234567890."
        ),
        _("Formulas are not accepted: type the values."),
    ]


def import_urls(model_admin: ModelAdmin) -> list:
    """The URLs to add in ``TrainingEventAdmin.get_urls`` (before the default ones)."""
    site = model_admin.admin_site

    def wrap(view):
        def wrapper(request, *args, **kwargs):
            return view(request, model_admin, *args, **kwargs)

        return site.admin_view(wrapper)

    return [
        path(
            "import-participants/", wrap(import_upload), name="trainings_trainingevent_import_start"
        ),
        path(
            "import-participants/template.<str:fmt>",
            wrap(import_template),
            name="trainings_trainingevent_import_template",
        ),
        path(
            "import-participants/<str:token>/",
            wrap(import_preview),
            name="trainings_trainingevent_import_preview",
        ),
        path(
            "<path:object_id>/import-participants/",
            wrap(import_upload),
            name="trainings_trainingevent_import",
        ),
    ]
