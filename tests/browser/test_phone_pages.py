"""Every public page on a phone (390 px) in a real Chromium (issue 16): the main navigation has
the same height on every page (it wrapped onto a second line on some pages only), the tab of
the page's section is marked on detail pages too, nothing widens the page beyond the screen,
untimed agenda items have no empty time column, a filter's choice reads in full ("Semua
provinsi", not "Semua provins"), and the library page shows its opening hours
and location. Screenshots land in /tmp/h8_phone_*.png to be looked at."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EVENT = "/bimtek/bimtek-strategi-pengembangan-tik-bali-2021/"
LIBRARY = "/perpustakaan/perpustakaan-desa-mengwi-badung/"

# page -> (path, the marked tab's label in Indonesian, or None)
PAGES = {
    "home": ("/", "Beranda"),
    "beneficiaries": ("/penerima-manfaat/", "Penerima manfaat"),
    "replication": ("/penerima-manfaat/replikasi/", "Penerima manfaat"),
    "province": ("/wilayah/51/", "Penerima manfaat"),
    "regency": ("/wilayah/51.03/", "Penerima manfaat"),
    "library": (LIBRARY, "Penerima manfaat"),
    "events": ("/bimtek/", "Bimtek"),
    "event": (EVENT, "Bimtek"),
    "dashboard": ("/dasbor/?cycle=2021", "Dasbor"),
    "open-data": ("/data/", "Data terbuka"),
    "privacy": ("/privasi/", None),
}

MEASURE = """() => ({
  nav: Math.round(document.querySelector('.site-nav ul').getBoundingClientRect().height),
  marked: [...document.querySelectorAll('.site-nav a[aria-current]')]
    .map(a => a.textContent.trim()),
  width: document.documentElement.scrollWidth,
  emptyTimes: document.querySelectorAll('.agenda-time:empty').length,
  cutSelects: [...document.querySelectorAll('main select')].filter(s => {
    const ctx = document.createElement('canvas').getContext('2d'), css = getComputedStyle(s);
    ctx.font = css.font;
    const text = ctx.measureText(s.options[s.selectedIndex].text).width;
    return text + parseFloat(css.paddingLeft) + parseFloat(css.paddingRight) > s.clientWidth;
  }).map(s => s.name),
})"""


def test_public_pages_on_a_phone_keep_one_layout(live_server, browser):
    from trainings.demo import demo_seed
    from trainings.models import AgendaItem, TrainingEvent
    from villages.models import VillageLibrary

    demo_seed()
    VillageLibrary.objects.filter(slug=LIBRARY.split("/")[2]).update(
        opening_hours="Senin–Jumat 08.00–15.00", latitude="-8.5710", longitude="115.1770"
    )
    event = TrainingEvent.objects.get(slug=EVENT.split("/")[2])
    untimed = AgendaItem.objects.filter(event=event).first()
    AgendaItem.objects.filter(pk=untimed.pk).update(start_time=None, end_time=None)

    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    heights, problems = set(), []
    for name, (path, tab) in PAGES.items():
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        seen = page.evaluate(MEASURE)
        page.screenshot(path=f"/tmp/h8_phone_{name}.png", full_page=True)
        heights.add(seen["nav"])
        if seen["marked"] != ([tab] if tab else []):
            problems.append(f"{path}: marked tab {seen['marked']}, expected {tab}")
        # Wide figure tables scroll inside their own focusable region, never the page.
        if seen["width"] > 390:
            problems.append(f"{path}: page {seen['width']} px wide on a 390 px screen")
        if seen["cutSelects"]:
            problems.append(f"{path}: cut-off choice in {seen['cutSelects']}")
        if seen["emptyTimes"]:
            problems.append(f"{path}: {seen['emptyTimes']} empty agenda time columns")
        if name == "library":
            text = page.inner_text("main")
            if "08.00–15.00" not in text or "OpenStreetMap" not in text:
                problems.append("the library page shows no opening hours or location")
            if text.count("Kabupaten Badung") > 2:  # the path above, the stored address
                problems.append("the library page repeats its region path")
    context.close()
    assert problems == []
    assert len(heights) == 1, f"the navigation's height changes between pages: {heights}"
