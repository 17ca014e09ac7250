"""Finding 2: no admin page grows with what a record holds.

An event's page shows its participant count and the first rows of each inline, with a link to
the full list; a hand-made POST cannot add more rows than the cap; the participant list filters
by event; the delete confirmation lists at most a fixed number of rows.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from trainings.admin import ParticipantInline
from trainings.models import Participant
from villages.admin_scoping import DELETE_LIST_CAP

from .conftest import form_data


def _add_participants(event, library, count: int) -> None:
    Participant.objects.bulk_create(
        Participant(
            event=event,
            library=library,
            full_name=f"Peserta Massal {i:05d}",
            gender="P",
            role="librarian",
        )
        for i in range(count)
    )


def _event_page(client, event):
    return client.get(reverse("admin:trainings_trainingevent_change", args=[event.pk]))


@pytest.mark.parametrize("participants", [30, 600])
def test_event_page_shows_the_first_rows_a_count_and_a_link_to_all(
    world, db, client, django_assert_max_num_queries, participants
):
    event = world.a1.event
    _add_participants(event, world.a1.library, participants - 1)  # plus the world's one
    client.force_login(world.users["province"])
    with django_assert_max_num_queries(30):
        response = _event_page(client, event)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('value="Peserta Massal') == ParticipantInline.max_rows - 1
    assert f"event__id__exact={event.pk}" in html
    assert f"{participants} peserta" in html  # the count above the inline (Indonesian)
    formset = next(
        f.formset
        for f in response.context["inline_admin_formsets"]
        if f.formset.prefix == "participants"
    )
    assert formset.total_rows == participants and formset.is_capped
    assert formset.max_num == ParticipantInline.max_rows  # no "add another" past the cap


def test_event_page_size_does_not_grow_with_its_participants(world, db, client):
    event = world.a1.event
    client.force_login(world.users["province"])
    _add_participants(event, world.a1.library, 30)
    small = len(_event_page(client, event).content)
    _add_participants(event, world.a1.library, 1000)
    large = len(_event_page(client, event).content)
    assert large < small * 1.05


def test_a_hand_made_post_cannot_add_more_rows_than_the_cap(world, db, client):
    event = world.a1.event
    client.force_login(world.users["province"])
    data = form_data(_event_page(client, event))
    extra = ParticipantInline.max_rows + 5
    data["participants-TOTAL_FORMS"] = str(int(data["participants-INITIAL_FORMS"]) + extra)
    for i in range(int(data["participants-INITIAL_FORMS"]), int(data["participants-TOTAL_FORMS"])):
        data.update(
            {
                f"participants-{i}-event": event.pk,
                f"participants-{i}-full_name": f"Tambahan {i}",
                f"participants-{i}-gender": "L",
                f"participants-{i}-role": "librarian",
                f"participants-{i}-library": world.a1.library.pk,
            }
        )
    response = client.post(reverse("admin:trainings_trainingevent_change", args=[event.pk]), data)
    assert response.status_code == 200  # the form again, with the formset's error
    assert not Participant.objects.filter(full_name__startswith="Tambahan").exists()


def test_participant_list_filters_by_event_and_names_it(world, db, client):
    event = world.a1.event
    client.force_login(world.users["province"])
    url = reverse("admin:trainings_participant_changelist")
    response = client.get(url, {"event__id__exact": event.pk})
    assert response.status_code == 200
    assert {p.pk for p in response.context["cl"].result_list} == {world.a1.participant.pk}
    assert event.title in response.content.decode()  # the chosen event, named in the filter
    # Another province's event: no row, and its name is not shown.
    other = client.get(url, {"event__id__exact": world.b1.event.pk})
    assert other.status_code == 200 and other.context["cl"].result_count == 0
    assert world.b1.event.title not in other.content.decode()
    assert client.get(url, {"event__id__exact": "abc"}).status_code == 302  # ?e=1


def test_delete_confirmation_lists_a_bounded_number_of_rows_with_complete_counts(
    world, db, client, django_assert_max_num_queries
):
    event = world.a1.event
    _add_participants(event, world.a1.library, 400)
    client.force_login(world.users["national"])
    with django_assert_max_num_queries(60):
        response = client.get(reverse("admin:trainings_trainingevent_delete", args=[event.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("Peserta Massal") <= DELETE_LIST_CAP
    assert "lainnya" in html or "more" in html  # "… and N more"
    counts = {str(k): v for k, v in response.context["model_count"]}
    assert counts["peserta"] == 401


def test_every_inline_of_every_admin_has_a_cap():
    from django.contrib import admin

    from core.admin_safety import CappedInlineMixin

    inlines = [
        (model._meta.label, inline)
        for model, model_admin in admin.site._registry.items()
        for inline in model_admin.inlines
    ]
    assert inlines
    assert [
        (label, inline.__name__)
        for label, inline in inlines
        if not issubclass(inline, CappedInlineMixin)
    ] == []
