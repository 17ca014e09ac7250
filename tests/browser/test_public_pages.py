"""Every public page type, in both languages, in a real headless Chromium: zero axe-core
violations (WCAG 2.1 A/AA and best practices), a keyboard-only walk that reaches the main
navigation, the filters and the results, images with alt text, a declared language, no
JavaScript needed, and at most 150 KB transferred on a first visit."""

import gzip
import json
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
MAX_TRANSFER = 150 * 1024
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]

# page type -> (path, has filters, a results link that the keyboard must reach)
PAGES = {
    "home": ("/", False, "/bimtek/bimtek-strategi-pengembangan-tik-bali-2021/"),
    "beneficiaries": ("/penerima-manfaat/", True, "/perpustakaan/"),
    "region-province": ("/wilayah/51/", False, "/perpustakaan/"),
    "region-regency": ("/wilayah/51.03/", False, "/perpustakaan/perpustakaan-desa-mengwi-badung/"),
    "library": ("/perpustakaan/perpustakaan-desa-mengwi-badung/", False, "/bimtek/"),
    "events": ("/bimtek/", True, "/bimtek/bimtek-strategi-pengembangan-tik-bali-2021/"),
    "event": ("/bimtek/bimtek-strategi-pengembangan-tik-bali-2021/", False, "/perpustakaan/"),
    "not-found": ("/wilayah/51.03.02/", False, None),
    "dashboard": ("/dasbor/?cycle=2021", True, "/wilayah/51/"),
    "open-data": ("/data/", False, "/data/penerima-manfaat.csv"),
}

AXE_RUN = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map(n => n.target.join(' '))
  }));
}"""

FOCUS_INFO = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const nav = el.closest('nav[aria-label]');
  return {
    tag: el.tagName.toLowerCase(),
    href: el.getAttribute('href'),
    nav: nav ? nav.getAttribute('aria-label') : null,
    inFilters: !!el.closest('form.filters'),
    inMain: !!el.closest('main'),
    visible: el.getBoundingClientRect().width > 0,
  };
}"""


def transferred_bytes(responses) -> dict[str, int]:
    """Bytes a first visit transfers, per response: headers plus the body as the production
    server sends it — static files gzip-encoded (WhiteNoise serves them precompressed), the
    HTML as is (Django does not compress it). The test server sends everything raw, so the
    static files' encoded size is computed here with the same gzip."""
    sizes = {}
    for response in responses:
        body = response.body()
        headers = response.request.sizes()["responseHeadersSize"]
        if "/static/" in response.url and response.url.endswith((".css", ".js", ".svg")):
            sizes[response.url] = headers + len(gzip.compress(body, compresslevel=9))
        else:
            sizes[response.url] = headers + len(body)
    return sizes


def check_page(browser, url: str, page_type: str, language: str) -> list[str]:
    """Everything the test asserts about one page, as a list of problems (empty: all good)."""
    path, has_filters, result_href = PAGES[page_type]
    problems = []
    # The site's own Content-Security-Policy stays on: nothing it serves may be blocked.
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    responses, console_errors = [], []
    page.on("response", lambda r: responses.append(r))
    page.on("console", lambda m: m.type == "error" and console_errors.append(m.text))
    response = page.goto(url, wait_until="load")
    expected_status = 404 if page_type == "not-found" else 200
    if response.status != expected_status:
        problems.append(f"status {response.status}, expected {expected_status}")

    # Weight of a first visit, everything the page pulled in.
    sizes = transferred_bytes(responses)
    total = sum(sizes.values())
    print(f"WEIGHT {page_type} {language} {total} bytes " + json.dumps(sizes))
    if total > MAX_TRANSFER:
        problems.append(f"{total} bytes transferred: {sizes}")

    # Declared language; no script needed (the site ships none); every image has alt text.
    if page.get_attribute("html", "lang") != language:
        problems.append(f"<html lang> is {page.get_attribute('html', 'lang')!r}")
    if page.evaluate("document.scripts.length"):
        problems.append("the page has <script> elements")
    if page.evaluate("[...document.images].filter(i => !i.hasAttribute('alt')).length"):
        problems.append("an <img> has no alt")
    # 404 pages log their own status as a console error; nothing else may.
    errors = [e for e in console_errors if "404" not in e]
    if errors:
        problems.append(f"console errors: {errors}")

    # Keyboard only: Tab from the top; the skip link comes first, then the main navigation,
    # the filters (where the page has them) and the results.
    prefix = "/en" if language == "en" else ""
    main_nav = "Menu utama" if language == "id" else "Main"

    def reached(kind: str) -> bool:
        checks = {
            "nav": lambda i: i["nav"] == main_nav and i["tag"] == "a",
            "select": lambda i: i["inFilters"] and i["tag"] == "select",
            "button": lambda i: i["inFilters"] and i["tag"] == "button",
            "result": lambda i: (
                i["inMain"]
                and i["tag"] == "a"
                and (i["href"] or "").startswith(prefix + (result_href or ""))
            ),
        }
        return any(checks[kind](i) for i in seen)

    wanted = (
        ["nav"]
        + (["select", "button"] if has_filters else [])
        + (["result"] if result_href else [])
    )
    seen = []
    for _ in range(80):
        page.keyboard.press("Tab")
        info = page.evaluate(FOCUS_INFO)
        if info:
            if not info["visible"]:
                problems.append(f"focus on an invisible element: {info}")
            seen.append(info)
        if all(reached(kind) for kind in wanted):
            break
    if not seen or seen[0]["href"] != "#main":
        problems.append(f"the first Tab does not reach the skip link: {seen[:1]}")
    for kind, problem in (
        ("nav", "Tab never reaches the main navigation"),
        ("select", "Tab never reaches the filters"),
        ("button", "Tab never reaches the filter button"),
        ("result", f"Tab never reaches a result ({result_href})"),
    ):
        if kind in wanted and not reached(kind):
            problems.append(problem)

    # axe-core from the npm package, evaluated through the DevTools protocol (a <script> tag
    # would rightly be refused by the CSP).
    page.evaluate(AXE.read_text(encoding="utf-8"))
    violations = page.evaluate(AXE_RUN, AXE_TAGS)
    print(f"AXE {page_type} {language} violations={len(violations)}")
    if violations:
        problems.append("axe: " + json.dumps(violations, indent=1))
    context.close()
    return problems


@pytest.mark.parametrize("language", ["id", "en"])
def test_every_public_page_type_is_accessible_keyboard_navigable_and_light(
    live_server, browser, language
):
    """One demo load per language (live_server tests flush the database after each test),
    then every page type in a fresh browser context (a first visit, empty cache)."""
    from trainings.demo import demo_seed

    demo_seed()
    problems = {}
    for page_type, (path, _filters, _result) in PAGES.items():
        url = live_server.url + ("/en" + path if language == "en" else path)
        found = check_page(browser, url, page_type, language)
        if found:
            problems[f"{page_type} {url}"] = found
    assert problems == {}, json.dumps(problems, indent=1)
