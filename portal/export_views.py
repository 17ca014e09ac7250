"""The staff export page, in the admin's look: participants or beneficiaries, filtered, in the
chosen format. A small list downloads at once; a large one (over LIBPORTAL_EXPORT_JOB_ROWS
rows) becomes a background job, and the user is sent to its status page (a progress bar, then
the download link).

The view holds no rules: the form checks the input, the exporter applies scope, protected
columns and formula escaping (the same exporter as the admin action and the commands). The two
small JSON views feed the event autocomplete and the regency choices, in the user's scope.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from core.exporters import FORMATS, Exporter, ExportError
from core.exporters.render import dated_filename
from core.jobs import job_start
from programs.models import ProgramCycle
from trainings.models import TrainingEvent
from villages.models import Province, Regency
from villages.scoping import can_see_contacts, can_see_health, operator_library_id

from .export_jobs import EXPORT_JOB, EXPORTERS, LIST_LABELS, export_params, exporter_from_params
from .registry import exporter_for

#: Events offered per page of the autocomplete.
EVENTS_PER_PAGE = 20


class EventAutocomplete(forms.Select):
    """The admin's select2 autocomplete (its own scripts, served by the site) over our scoped
    JSON view of events, by slug. Without JavaScript: a plain select of the chosen event."""

    @property
    def media(self) -> forms.Media:
        return forms.Media(
            js=[
                "admin/js/vendor/jquery/jquery.min.js",
                "admin/js/vendor/select2/select2.full.min.js",
                "admin/js/jquery.init.js",
                "admin/js/autocomplete.js",
            ],
            css={
                "screen": ["admin/css/vendor/select2/select2.min.css", "admin/css/autocomplete.css"]
            },
        )

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs)
        attrs.update(
            {
                "class": "admin-autocomplete",
                "data-ajax--url": reverse("staff-export-events"),
                "data-ajax--cache": "true",
                "data-ajax--delay": 250,
                "data-ajax--type": "GET",
                "data-theme": "admin-autocomplete",
                "data-allow-clear": "true",
                "data-placeholder": _("every event"),
                "lang": get_language() or "id",
            }
        )
        return attrs


class ExportForm(forms.Form):
    """What to export. Choices are limited to what the user may see; regencies to the chosen
    province; columns to the chosen list (the exporter checks scope and columns again)."""

    kind = forms.ChoiceField(label=gettext_lazy("List"), choices=list(LIST_LABELS.items()))
    event = forms.CharField(
        label=gettext_lazy("Event"),
        required=False,
        widget=EventAutocomplete,
        help_text=gettext_lazy("Type part of its title; empty for every event."),
    )
    cycle = forms.TypedChoiceField(
        label=gettext_lazy("Cycle"), required=False, coerce=int, empty_value=None
    )
    province = forms.ChoiceField(label=gettext_lazy("Province"), required=False)
    regency = forms.ChoiceField(label=gettext_lazy("Regency/city"), required=False)
    columns = forms.MultipleChoiceField(
        label=gettext_lazy("Columns"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy(
            "None ticked: every column you may see (health results only when ticked)."
        ),
    )
    format = forms.ChoiceField(
        label=gettext_lazy("Format"),
        choices=[(f.key, f.label) for f in FORMATS.values()],
        help_text=gettext_lazy("The PDF of participants is the attendance sheet (daftar hadir)."),
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        years = ProgramCycle.objects.order_by("-year").values_list("year", flat=True).distinct()
        self.fields["cycle"].choices = [("", _("every cycle"))] + [(y, y) for y in years]
        self.fields["province"].choices = [("", _("every province in your scope"))] + list(
            Province.objects.in_scope(user).values_list("code", "name")
        )
        province = self._value("province")
        self.fields["regency"].choices = [("", _("every regency/city in your scope"))] + list(
            regencies_for(user, province).values_list("code", "name")
        )
        slug = self._value("event")
        chosen = (
            TrainingEvent.objects.in_scope(user).filter(slug=slug).values_list("slug", "title")
            if slug
            else []
        )
        self.fields["event"].widget.choices = [("", _("every event")), *chosen]
        # Columns per list, those this user may export (the exporter checks again).
        personal, health = can_see_contacts(user), can_see_health(user)
        self.column_groups: list[tuple[str, str, list[tuple[str, str]]]] = []
        seen: dict[str, str] = {}
        for list_key, identifier in EXPORTERS.items():
            offered = [
                (c.key, str(c.header))
                for c in exporter_for(identifier).columns
                if (not c.personal or personal) and (not c.health or health)
            ]
            self.column_groups.append((list_key, str(LIST_LABELS[list_key]), offered))
            seen.update(offered)
        self.fields["columns"].choices = list(seen.items())

    def _value(self, name: str) -> str:
        source = self.data if self.is_bound else self.initial
        return str(source.get(name) or "")

    def selected_columns(self) -> set[str]:
        if self.is_bound:
            return set(self.data.getlist("columns")) if hasattr(self.data, "getlist") else set()
        return set()

    def clean(self):
        data = super().clean()
        kind, columns = data.get("kind"), data.get("columns") or []
        if kind:
            valid = {c.key for c in exporter_for(EXPORTERS[kind]).columns}
            wrong = [c for c in columns if c not in valid]
            if wrong:
                self.add_error(
                    "columns",
                    _("Not a column of the list “%(list)s”: %(columns)s.")
                    % {"list": LIST_LABELS[kind], "columns": ", ".join(wrong)},
                )
        return data

    def params(self) -> dict:
        data = self.cleaned_data
        return export_params(
            list_key=data["kind"],
            filters={k: data.get(k) for k in ("event", "cycle", "province", "regency")},
            columns=data["columns"],
            fmt=data["format"],
            language=get_language() or "id",
        )

    def exporter(self) -> Exporter:
        """The exporter for the cleaned data; ExportError becomes a form error."""
        try:
            return exporter_from_params(self.user, self.params())
        except ExportError as error:
            raise forms.ValidationError(str(error)) from None


def regencies_for(user, province_code: str):
    regencies = Regency.objects.in_scope(user).order_by("code")
    return regencies.filter(province_id=province_code) if province_code else regencies


def _staff(request: HttpRequest) -> None:
    # A library operator exports nothing: their one library's lists are not region exports.
    if not request.user.is_staff or operator_library_id(request.user) is not None:
        raise PermissionDenied


@login_required(login_url="admin:login")
def export_page(request: HttpRequest) -> HttpResponse:
    """Staff only: the form; when submitted and valid, the file (or, for a large list, a job)."""
    _staff(request)
    submitted = "format" in request.GET and "refresh" not in request.GET
    if submitted:
        form = ExportForm(request.GET, user=request.user)
    else:  # the page, perhaps pre-filled by a link (?kind=participants) or a refresh
        form = ExportForm(user=request.user, initial=request.GET.dict())
    if submitted and form.is_valid():
        try:
            exporter = form.exporter()
            fmt = form.cleaned_data["format"]
            if exporter.count() > settings.LIBPORTAL_EXPORT_JOB_ROWS:
                exporter.check_format(fmt)
                job = job_start(
                    owner=request.user,
                    kind=EXPORT_JOB,
                    params=form.params(),
                    title=_("Export: %(file)s") % {"file": dated_filename(exporter, fmt)},
                )
                return redirect("jobs:status", job.pk)
            return exporter.response(fmt)
        except forms.ValidationError as error:
            form.add_error(None, error)
        except ExportError as error:
            form.add_error(None, str(error))
    return render(
        request,
        "portal/export_page.html",
        {
            **admin.site.each_context(request),
            "form": form,
            "title": _("Export lists"),
            "job_rows": settings.LIBPORTAL_EXPORT_JOB_ROWS,
            "chosen_list": form._value("kind") or "participants",
        },
        status=400 if form.errors else 200,
    )


@login_required(login_url="admin:login")
def export_events(request: HttpRequest) -> JsonResponse:
    """The events this user may see whose title or slug contains ``term``, for select2."""
    _staff(request)
    term = request.GET.get("term", "").strip()
    try:
        page = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        page = 1
    events = TrainingEvent.objects.in_scope(request.user).order_by("-start_date", "slug")
    if term:
        events = events.filter(Q(title__icontains=term) | Q(slug__icontains=term))
    start = (page - 1) * EVENTS_PER_PAGE
    found = list(
        events.values_list("slug", "title", "start_date")[start : start + EVENTS_PER_PAGE + 1]
    )
    return JsonResponse(
        {
            "results": [
                {"id": slug, "text": f"{title} ({start_date:%Y-%m-%d})"}
                for slug, title, start_date in found[:EVENTS_PER_PAGE]
            ],
            "pagination": {"more": len(found) > EVENTS_PER_PAGE},
        }
    )


@login_required(login_url="admin:login")
def export_regencies(request: HttpRequest) -> JsonResponse:
    """The regencies of a province (all when none is given) in this user's scope."""
    _staff(request)
    regencies = regencies_for(request.user, request.GET.get("province", ""))
    return JsonResponse(
        {
            "results": [
                {"id": code, "text": name} for code, name in regencies.values_list("code", "name")
            ]
        }
    )
