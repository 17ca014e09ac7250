"""The admin's personal-data pages (UU PDP No. 27/2022), for national staff only:

- `privacy/retention/`: each kind of personal data, its retention period and how many rows are
  past it now (a dry run of the shredder; counts only);
- `privacy/subject/`: a person's request: find every record about them (by name, phone or
  e-mail), export the chosen ones as one JSON file, correct one, or erase them.

The search runs by POST, so no name, phone or e-mail ever sits in a URL, a server log or the
browser's history. The views only handle requests: the rules are `portal.privacy_services`.
Installed on the admin site by `install(admin.site)` (from `portal/admin.py`), which adds the
URLs and a "Personal data" section on the admin index for those who may use it.
"""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.privacy import CATEGORY_LABELS, period_text

from .privacy import subject_source
from .privacy_services import (
    can_handle_subject_requests,
    can_view_retention,
    personal_data_shred_preview,
    subject_correct,
    subject_erase,
    subject_export,
    subject_query_clean,
    subject_records,
    subject_search,
)


class SubjectSearchForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("full name"), max_length=150, required=False)
    phone = forms.CharField(label=gettext_lazy("phone"), max_length=30, required=False)
    email = forms.CharField(label=gettext_lazy("e-mail"), max_length=254, required=False)

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            data["query"] = subject_query_clean(
                name=data.get("name", ""), phone=data.get("phone", ""), email=data.get("email", "")
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                self.add_error(field if field in self.fields else None, errors)
        return data


def _context(site: admin.AdminSite, request: HttpRequest, title: str, **extra: Any) -> dict:
    return {**site.each_context(request), "title": title, **extra}


def _keys(request: HttpRequest) -> list[str]:
    return [key[:60] for key in request.POST.getlist("record")[:500]]


def _query(form: SubjectSearchForm):
    return form.cleaned_data.get("query") if form.is_valid() else None


def retention_view(request: HttpRequest, site: admin.AdminSite) -> HttpResponse:
    if not can_view_retention(request.user):
        raise PermissionDenied
    report = personal_data_shred_preview()
    rows = [
        {
            "kind": result.kind,
            "category": CATEGORY_LABELS.get(result.kind.category, result.kind.category),
            "period": period_text(result.days),
            "days": result.days,
            "cutoff": result.cutoff,
            "rows": result.count.rows,
            "history_rows": result.count.history_rows,
        }
        for result in report.kinds
    ]
    return TemplateResponse(
        request,
        "admin/portal/privacy_retention.html",
        _context(
            site,
            request,
            _("Personal data: retention rules"),
            rows=rows,
            today=report.today,
            may_handle_requests=can_handle_subject_requests(request.user),
        ),
    )


def subject_view(request: HttpRequest, site: admin.AdminSite) -> HttpResponse:
    if not can_handle_subject_requests(request.user):
        raise PermissionDenied
    action = request.POST.get("action", "") if request.method == "POST" else ""
    form = SubjectSearchForm(request.POST if action else None)
    query = _query(form) if action else None
    records, truncated = None, []
    if action == "search" and query is not None:
        findings = subject_search(user=request.user, query=query)
        records, truncated = findings.records, findings.truncated
    elif action in {"export", "erase", "erase_confirm"}:
        try:
            if action == "export":
                filename, content = subject_export(
                    user=request.user, keys=_keys(request), query=query
                )
                response = HttpResponse(content, content_type="application/json; charset=utf-8")
                response["Content-Disposition"] = f'attachment; filename="{filename}"'
                return response
            if action == "erase":
                chosen = subject_records(user=request.user, keys=_keys(request), query=query)
                return TemplateResponse(
                    request,
                    "admin/portal/privacy_subject_erase.html",
                    _context(
                        site,
                        request,
                        _("Erase a person's data"),
                        records=chosen,
                        form=form,
                        labels=_labels(chosen),
                    ),
                )
            counts = subject_erase(user=request.user, keys=_keys(request), query=query)
            messages.success(
                request,
                _("Erased. What was done: %(counts)s. The audit trail records it.")
                % {"counts": _counts_text(counts)},
            )
            return redirect("admin:privacy-subject")
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            form = SubjectSearchForm(request.POST)
    if records is not None:
        found_by = {"name": _("name"), "phone": _("phone"), "email": _("e-mail")}
        for record in records:
            record.pretty = json.dumps(
                record.data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1
            )
            record.found_by = ", ".join(str(found_by[m]) for m in record.matched)
    return TemplateResponse(
        request,
        "admin/portal/privacy_subject.html",
        _context(
            site,
            request,
            _("Personal data: a person's request"),
            form=form,
            records=records,
            truncated=truncated,
            labels=_labels(records or []),
        ),
    )


def _labels(records) -> dict[str, str]:
    return {r.source: str(subject_source(r.source).label) for r in records}


_COUNT_LABELS = {
    "health_screenings_deleted": gettext_lazy("health screenings deleted"),
    "participants_blanked": gettext_lazy("participants' contacts blanked"),
    "participants_deleted": gettext_lazy("participants deleted"),
    "history_rows_deleted": gettext_lazy("history rows deleted"),
    "history_rows_blanked": gettext_lazy("history rows blanked"),
    "change_log_entries_scrubbed": gettext_lazy("change log entries cleared"),
    "libraries_blanked": gettext_lazy("library contacts blanked"),
}


def _counts_text(counts: dict[str, dict[str, int]]) -> str:
    return "; ".join(
        ", ".join(
            f"{_COUNT_LABELS.get(name, name.replace('_', ' '))} {number}"
            for name, number in found.items()
            if number
        )
        for found in counts.values()
    )


def correct_view(request: HttpRequest, site: admin.AdminSite, key: str) -> HttpResponse:
    if not can_handle_subject_requests(request.user):
        raise PermissionDenied
    try:
        found = subject_records(user=request.user, keys=[key])
    except ValidationError as error:
        raise Http404 from error
    if len(found) != 1 or not found[0].correctable:
        raise Http404
    record = found[0]
    model = subject_source(record.source).record_model
    fields = {name: model._meta.get_field(name).formfield() for name in record.correctable}
    form_class = type("CorrectionForm", (forms.Form,), fields)
    form = form_class(
        request.POST or None, initial={name: record.data.get(name, "") for name in fields}
    )
    if request.method == "POST" and form.is_valid():
        try:
            changed = subject_correct(user=request.user, key=record.key, changes=form.cleaned_data)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            if changed:
                messages.success(
                    request,
                    _(
                        "Corrected: %(fields)s of “%(record)s”. The history and the audit trail "
                        "record it."
                    )
                    % {
                        "fields": ", ".join(str(form.fields[f].label) for f in changed),
                        "record": record.title,
                    },
                )
            else:
                messages.info(request, _("Nothing changed."))
            return redirect("admin:privacy-subject")
    return TemplateResponse(
        request,
        "admin/portal/privacy_subject_correct.html",
        _context(site, request, _("Correct a person's data"), record=record, form=form),
    )


def install(site: admin.AdminSite) -> None:
    """Add the pages to `site` (its URLs, and a section on its index and sidebar)."""
    original_urls, original_app_list = site.get_urls, site.get_app_list

    def get_urls():
        def wrap(view):
            def wrapper(request, *args, **kwargs):
                return view(request, site, *args, **kwargs)

            return site.admin_view(wrapper)

        return [
            path("privacy/retention/", wrap(retention_view), name="privacy-retention"),
            path("privacy/subject/", wrap(subject_view), name="privacy-subject"),
            path(
                "privacy/subject/correct/<str:key>/",
                wrap(correct_view),
                name="privacy-subject-correct",
            ),
        ] + original_urls()

    def get_app_list(request, app_label=None):
        apps = original_app_list(request, app_label)
        if app_label is not None or not can_view_retention(request.user):
            return apps
        retention = reverse("admin:privacy-retention", current_app=site.name)
        entries = [
            {
                "name": _("Retention rules"),
                "object_name": "RetentionRules",
                "admin_url": retention,
                "view_only": True,
                "perms": {"view": True},
            }
        ]
        if can_handle_subject_requests(request.user):
            entries.append(
                {
                    "name": _("Requests from a person (see, correct, erase)"),
                    "object_name": "SubjectRequests",
                    "admin_url": reverse("admin:privacy-subject", current_app=site.name),
                    "view_only": False,
                    "perms": {"view": True, "change": True},
                }
            )
        section = {
            "name": _("Personal data (UU PDP)"),
            "app_label": "privacy",
            "app_url": retention,
            "has_module_perms": True,
            "models": entries,
        }
        return [*apps, section]

    site.get_urls = get_urls
    site.get_app_list = get_app_list


install(admin.site)
