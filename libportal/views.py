from django.shortcuts import render

from programs.models import Program
from trainings.models import TrainingEvent


def home(request):
    events = (
        TrainingEvent.objects.filter(status=TrainingEvent.Status.PUBLISHED)
        .select_related("province")
        .order_by("-start_date")[:5]
    )
    return render(
        request,
        "home.html",
        {"program": Program.objects.first(), "events": events},
    )
