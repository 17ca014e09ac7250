"""In a real browser (Chromium, the site's CSP): a large XLSX export on the staff page becomes
a job, the status page shows the progress bar and then the download link, and the file
downloads. A real worker process runs the job (PostgreSQL: it shares the test database)."""

import io

import openpyxl
from django.conf import settings
from django.test import Client, override_settings

from tests.exports.data import NAMES, build_world

from .test_worker_processes import pytestmark as worker_marks
from .test_worker_processes import workers  # noqa: F401  (worker processes)

pytestmark = worker_marks


@override_settings(LIBPORTAL_EXPORT_JOB_ROWS=5)
def test_large_xlsx_export_runs_as_a_job_with_progress_and_downloads(
    browser,
    live_server,
    workers,  # noqa: F811
    django_user_model,
    tmp_path,
):
    build_world()
    user = django_user_model.objects.create_superuser("root", "root@example.org", "x-Pass-123")
    client = Client()
    client.force_login(user)
    context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 800})
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    errors: list[str] = []
    page.on(
        "console", lambda m: m.type == "error" and "favicon" not in m.text and errors.append(m.text)
    )
    workers()

    page.goto(f"{live_server.url}/staff/ekspor/")
    page.select_option("select[name=kind]", "participants")
    page.select_option("select[name=format]", "xlsx")
    page.click("input[name=export]")
    page.wait_for_url("**/staff/tugas/**")
    assert page.locator("progress#job-progress").count() == 1
    link = page.locator("#job-download a")
    link.wait_for(state="visible", timeout=60_000)  # the script polled until the job was done
    assert page.locator("progress#job-progress").get_attribute("value") == "100"
    page.screenshot(path=str(tmp_path / "job.png"))
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename.startswith("peserta-")
    assert download.suggested_filename.endswith(".xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(open(download.path(), "rb").read())).active
    cells = {c for row in sheet.iter_rows(min_row=2, values_only=True) for c in row}
    assert sheet.max_row == len(NAMES) + 3  # the header and every participant in the country
    assert "Orang Provinsi Lain" in cells
    assert errors == []
    context.close()
