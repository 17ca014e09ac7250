"""Private documents on S3-compatible object storage (core/storage.py): a real S3 server (moto's
standalone server, started here on its own port) holds the bucket; the scoped download view
redirects the right coordinator to a short-lived presigned URL and refuses everyone else."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.documents import documents_storage
from core.storage import s3_storages
from portal.roles import COORDINATOR, roles_sync
from programs.models import Delivery
from tests.villages.factories import StaffFactory
from villages.models import Regency

boto3 = pytest.importorskip("boto3")
pytest.importorskip("moto.server")

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
BUCKET = "libportal-test"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def s3_server():
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(endpoint, timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        client = boto3.client(
            "s3",
            endpoint_url=endpoint,
            aws_access_key_id="test",
            aws_secret_access_key="test",
            region_name="us-east-1",
        )
        client.create_bucket(Bucket=BUCKET)
        yield endpoint, client
    finally:
        process.terminate()
        process.wait(10)


@pytest.fixture
def s3_settings(settings, s3_server, monkeypatch):
    endpoint, client = s3_server
    environ = {
        "STORAGE_S3_BUCKET": BUCKET,
        "STORAGE_S3_ENDPOINT_URL": endpoint,
        "STORAGE_S3_ACCESS_KEY": "test",
        "STORAGE_S3_SECRET_KEY": "test",
        "STORAGE_S3_REGION": "us-east-1",
        "STORAGE_S3_URL_SECONDS": "30",
    }
    settings.STORAGES = {**settings.STORAGES, **s3_storages(environ)}
    storage = documents_storage()
    assert type(storage).__name__ == "DocumentS3Storage"
    # A callable storage is called once, when the models load (settings are final then in a
    # deployment); the test switches it afterwards, so it hands the field the new backend.
    monkeypatch.setattr(Delivery._meta.get_field("bast_file"), "storage", storage)
    return client


def test_no_bucket_means_local_files():
    assert s3_storages({}) == {}


def test_a_bast_lands_in_the_bucket_and_only_its_coordinator_gets_a_presigned_url(
    demo, client, s3_settings
):
    roles_sync()
    delivery = Delivery.objects.get(beneficiary__library__village_id="51.02.05.2004")
    delivery.bast_file = SimpleUploadedFile("BAST Delod Peken.pdf", PDF)
    delivery.full_clean()
    delivery.save()

    key = f"documents/{delivery.bast_file.name}"
    stored = s3_settings.get_object(Bucket=BUCKET, Key=key)["Body"].read()
    assert stored == PDF  # the bytes are in the bucket, not on the app server's disk
    head = s3_settings.get_object_acl(Bucket=BUCKET, Key=key)
    assert not [g for g in head["Grants"] if "AllUsers" in str(g.get("Grantee"))]

    url = delivery.bast_file.url  # the scoped view, never the bucket
    assert url.startswith("/staf/dokumen/bast/") and "X-Amz" not in url

    tabanan = StaffFactory(scope=Regency.objects.get(code="51.02"), groups=[COORDINATOR])
    badung = StaffFactory(scope=Regency.objects.get(code="51.03"), groups=[COORDINATOR])
    assert client.get(url).status_code == 404  # the public
    client.force_login(badung)
    assert client.get(url).status_code == 404
    client.force_login(tabanan)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Cache-Control"] == "private, no-store"
    signed = response["Location"]
    assert "X-Amz-Signature=" in signed and "X-Amz-Expires=30" in signed
    with urllib.request.urlopen(signed, timeout=10) as download:
        assert download.read() == PDF
        assert "attachment" in download.headers["Content-Disposition"]
        assert download.headers["Content-Type"] == "application/pdf"

    # The bucket itself answers nothing without a signature.
    bare = signed.split("?", 1)[0]
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(bare, timeout=10)
    assert refused.value.code == 403
