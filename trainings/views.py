from django.shortcuts import get_object_or_404, render

from .models import TrainingEvent


def event_detail(request, slug: str):
    event = get_object_or_404(
        TrainingEvent.objects.select_related("organiser", "province"),
        slug=slug,
        status=TrainingEvent.Status.PUBLISHED,
    )
    return render(request, "trainings/event_detail.html", {"event": event})
