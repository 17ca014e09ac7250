from django.http import Http404
from django.shortcuts import get_object_or_404, render

from .models import Province, Regency, VillageLibrary


def region_detail(request, code: str):
    region = Province.objects.filter(code=code).first() or Regency.objects.filter(code=code).first()
    if region is None:
        raise Http404
    return render(request, "villages/region_detail.html", {"region": region})


def library_detail(request, slug: str):
    library = get_object_or_404(
        VillageLibrary.objects.select_related(
            "village__district", "village__regency", "village__province"
        ),
        slug=slug,
        is_active=True,
    )
    return render(request, "villages/library_detail.html", {"library": library})
