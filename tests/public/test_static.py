"""Production static files: WhiteNoise's compressed, hashed storage collects the site's CSS and
only the chosen files of the npm packages."""

from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings


@pytest.mark.skipif(
    not (Path(__file__).resolve().parents[2] / "node_modules" / "bootstrap").is_dir(),
    reason="node_modules/bootstrap missing: run `make setup` (npm ci) first",
)
def test_collectstatic_hashes_compresses_and_takes_only_the_chosen_npm_files(tmp_path):
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=storages):
        call_command("collectstatic", interactive=False, verbosity=0)
    vendor = sorted(p.name for p in (tmp_path / "vendor").rglob("*") if p.is_file())
    assert "bootstrap.min.css" in vendor
    assert not [name for name in vendor if not name.startswith(("bootstrap.min.", "swagger-ui"))]
    assert not list(tmp_path.rglob("*.rtl.*"))  # the rest of the package stays out
    hashed = list((tmp_path / "vendor" / "bootstrap").glob("bootstrap.min.*.css"))
    assert hashed
    assert Path(str(hashed[0]) + ".gz").is_file()
    assert list((tmp_path / "css").glob("site.*.css.gz"))
    assert (tmp_path / "staticfiles.json").is_file()
