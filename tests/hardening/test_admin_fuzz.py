"""Hostile input on every admin URL answers with a page or a refusal, never a 500.

Parametrised over the admin registry: a model registered later is fuzzed without a change here.
For each model admin: the changelist with hostile search terms, list-filter parameters, field
lookups, reverse-relation lookups, date-hierarchy years, ordering and page numbers; the change,
history and delete pages with hostile ids; simple-history's record page with hostile version
ids; and the autocomplete view with hostile terms and with reverse-relation field names.
Each request runs in a savepoint, so one database error cannot hide the next.
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

import pytest
from django.contrib import admin
from django.db import models, transaction
from django.urls import NoReverseMatch, reverse

# What a user can type. NUL bytes (PostgreSQL refuses them in text), numbers beyond any
# integer column, non-numbers, unicode digits, SQL and LIKE metacharacters, overflowing floats.
VALUES = ["\x00", "abc", "-1", "99999999999999999999999", "1e309", "٣", "' OR '1'='1", "%_"]
# Autocomplete search terms (the search itself is the changelist's, fuzzed with VALUES).
TERMS = ["\x00", "' OR '1'='1", "%_", "99999999999999999999999"]
# A shorter list for the many per-field parameters.
FIELD_VALUES = ["\x00", "abc", "99999999999999999999999"]
IDS = ["abc", "\x00", "99999999999999999999999", "1.5", "_5F"]
YEARS = [
    {"year": "9999"},
    {"year": "10000"},
    {"year": "0"},
    {"year": "99999999999999999999"},
    {"year": "2022", "month": "13"},
    {"year": "2022", "month": "2", "day": "31"},
    {"year": "9999", "month": "12"},
    {"year": "9999", "month": "12", "day": "31"},
    {"year": "\x00"},
]

MODEL_ADMINS = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


def _label(item) -> str:
    return item[0]._meta.label


def _url(model, view: str, *args) -> str | None:
    try:
        return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)
    except NoReverseMatch:
        return None


def _reverse_relations(model) -> list[str]:
    return [
        f.name for f in model._meta.get_fields() if f.auto_created and not f.concrete and f.name
    ]


def _typed_fields(model) -> list[str]:
    """Fields whose lookups convert what is typed (numbers, dates, keys): where it can fail."""
    typed = (models.IntegerField, models.DateField, models.DecimalField, models.FloatField)
    return [f.name for f in model._meta.concrete_fields if f.is_relation or isinstance(f, typed)]


def _get(client, url: str) -> int:
    sid = transaction.savepoint()
    response = client.get(url)
    if response.status_code >= 500:
        transaction.savepoint_rollback(sid)
    else:
        transaction.savepoint_commit(sid)
    return response.status_code


def changelist_urls(
    model, model_admin, filter_params: list[str], *, every_field: bool
) -> list[str]:
    base = _url(model, "changelist")
    urls = [f"{base}?{urlencode({'q': v})}" for v in (VALUES if every_field else VALUES[:3])]
    params = set(filter_params) | {"o", "p", "_to_field"}
    params.update(f"{name}__isnull" for name in _reverse_relations(model))
    for param in sorted(params):
        urls += [f"{base}?{urlencode({param: v})}" for v in FIELD_VALUES]
    if every_field:
        # Any field can be typed into the URL: a non-number and a number past every column.
        for name in _typed_fields(model):
            urls += [f"{base}?{urlencode({f'{name}__exact': v})}" for v in FIELD_VALUES[1:]]
    if model_admin.date_hierarchy:
        field = model_admin.date_hierarchy
        for parts in YEARS:
            query = {f"{field}__{part}": value for part, value in parts.items()}
            urls.append(f"{base}?{urlencode(query)}")
    return urls


def object_urls(model, real_pk) -> list[str]:
    urls = []
    for value in IDS:
        quoted = quote(value, safe="")
        for view in ("change", "history", "delete"):
            url = _url(model, view, "PLACEHOLDER")
            if url:
                urls.append(url.replace("PLACEHOLDER", quoted))
        if real_pk is not None and hasattr(model._meta, "simple_history_manager_attribute"):
            url = _url(model, "simple_history", real_pk, 1)
            if url:
                urls.append(url.rsplit("/", 2)[0] + f"/{quoted}/")
    return urls


def autocomplete_urls(model, model_admin) -> list[str]:
    base = reverse("admin:autocomplete")
    meta = {"app_label": model._meta.app_label, "model_name": model._meta.model_name}
    urls = []
    for field in getattr(model_admin, "autocomplete_fields", ()):
        urls += [f"{base}?{urlencode({**meta, 'field_name': field, 'term': v})}" for v in TERMS]
        urls.append(f"{base}?{urlencode({**meta, 'field_name': field, 'page': 'abc'})}")
        urls.append(f"{base}?{urlencode({**meta, 'field_name': field, 'page': '9' * 25})}")
    for name in _reverse_relations(model):
        urls.append(f"{base}?{urlencode({**meta, 'field_name': name, 'term': 'a'})}")
    for value in ("\x00", "abc"):
        urls.append(f"{base}?{urlencode({**meta, 'field_name': value})}")
        urls.append(f"{base}?{urlencode({'app_label': value, 'model_name': value})}")
    return urls


def _filter_params(client, model) -> list[str]:
    response = client.get(_url(model, "changelist"))
    cl = response.context["cl"] if response.status_code == 200 and response.context else None
    if cl is None:
        return []
    return [p for spec in cl.filter_specs for p in spec.expected_parameters()]


def _fuzz(client, urls: list[str]) -> list[str]:
    client.raise_request_exception = False
    return [url for url in urls if _get(client, url) >= 500]


@pytest.mark.parametrize("item", MODEL_ADMINS, ids=_label)
def test_no_admin_url_answers_500_to_hostile_input_as_superuser(world, db, client, item):
    model, model_admin = item
    user = world.users["national"]
    user.is_superuser = True
    user.save(update_fields=["is_superuser"])
    client.force_login(user)
    real = model._default_manager.order_by("pk").values_list("pk", flat=True).first()
    urls = (
        changelist_urls(model, model_admin, _filter_params(client, model), every_field=True)
        + object_urls(model, real)
        + autocomplete_urls(model, model_admin)
    )
    failures = _fuzz(client, urls)
    print(f"\nfuzz superuser {model._meta.label}: {len(urls)} URLs, {len(failures)} answered 500")
    assert failures == [], "\n".join(failures)


@pytest.mark.parametrize("item", MODEL_ADMINS, ids=_label)
def test_no_admin_url_answers_500_to_hostile_input_as_a_viewer(world, db, client, item):
    # A province viewer without the contacts and health permissions: the scoped paths and the
    # refused lookups (contacts, health) answer too.
    model, model_admin = item
    role = "viewer"
    client.force_login(world.users[role])
    real = model._default_manager.order_by("pk").values_list("pk", flat=True).first()
    filters = _filter_params(client, model)
    urls = changelist_urls(model, model_admin, filters, every_field=False) + object_urls(
        model, real
    )
    failures = _fuzz(client, urls)
    print(f"\nfuzz {role} {model._meta.label}: {len(urls)} URLs, {len(failures)} answered 500")
    assert failures == [], "\n".join(failures)
