"""Object storage: where files live when the portal runs on more than one machine.

With `STORAGE_S3_BUCKET` set (and `STORAGE_S3_ENDPOINT_URL`, `STORAGE_S3_ACCESS_KEY`,
`STORAGE_S3_SECRET_KEY`, `STORAGE_S3_REGION` as the provider needs), `settings.STORAGES` gets
S3-compatible backends from django-storages (boto3): `default` (generated files: job exports,
ZIPs) under `files/` and `documents` (decrees, BASTs, report photos) under `documents/`.
Without it, files stay on the local disk (core/documents.py's private folder, MEDIA_ROOT).

Nothing is public: the bucket is written without ACLs (private), and a document's `url` is the
staff download view, which applies the user's scope and only then redirects to a presigned
URL valid for `STORAGE_S3_URL_SECONDS` (default 60). The model fields name a callable storage
(`core.documents.documents_storage`), so switching backends changes no migration.

Imports no app; boto3 is imported only when a bucket is configured.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import quote

#: environment variable -> S3Storage option
S3_OPTIONS = {
    "STORAGE_S3_BUCKET": "bucket_name",
    "STORAGE_S3_ENDPOINT_URL": "endpoint_url",
    "STORAGE_S3_ACCESS_KEY": "access_key",
    "STORAGE_S3_SECRET_KEY": "secret_key",
    "STORAGE_S3_REGION": "region_name",
}


def s3_storages(environ: Mapping[str, str]) -> dict[str, dict]:
    """The STORAGES entries for object storage, or {} when no bucket is configured."""
    if not environ.get("STORAGE_S3_BUCKET"):
        return {}
    options = {option: environ[name] for name, option in S3_OPTIONS.items() if environ.get(name)}
    options.update(
        default_acl=None,  # private: the bucket's policy, never "public-read"
        querystring_auth=True,
        querystring_expire=int(environ.get("STORAGE_S3_URL_SECONDS", "60")),
        file_overwrite=False,
        signature_version="s3v4",
        # Path-style URLs work with every S3-compatible server (MinIO, moto, Ceph).
        addressing_style=environ.get("STORAGE_S3_ADDRESSING_STYLE", "path"),
    )
    return {
        "default": {
            "BACKEND": "core.storage.PrivateS3Storage",
            "OPTIONS": {**options, "location": "files"},
        },
        "documents": {
            "BACKEND": "core.storage.DocumentS3Storage",
            "OPTIONS": {**options, "location": "documents"},
        },
    }


def _s3_base():
    from storages.backends.s3 import S3Storage

    return S3Storage


def __getattr__(name: str):
    # PEP 562: the S3 backends are created when settings name them (boto3 installed then).
    if name in ("PrivateS3Storage", "DocumentS3Storage"):
        classes = _build_classes()
        return classes[name]
    raise AttributeError(name)


_classes: dict[str, type] = {}


def _build_classes() -> dict[str, type]:
    if _classes:
        return _classes
    base = _s3_base()

    class PrivateS3Storage(base):
        """A private bucket folder: every URL is presigned and short-lived."""

        def signed_url(self, name: str, *, filename: str, content_type: str) -> str:
            """A presigned GET that makes the browser download `filename` (never inline)."""
            disposition = f"attachment; filename*=UTF-8''{quote(filename)}"
            return super().url(
                name,
                parameters={
                    "ResponseContentDisposition": disposition,
                    "ResponseContentType": content_type,
                },
            )

    class DocumentS3Storage(PrivateS3Storage):
        """Private documents: `url` is the scoped staff download view, as on local disk; the
        view redirects to `signed_url` once the user's scope allows the file."""

        def url(self, name, parameters=None, expire=None, http_method=None):
            from core.documents import documents_url

            return documents_url() + quote(name)

    PrivateS3Storage.__module__ = DocumentS3Storage.__module__ = __name__
    _classes.update(PrivateS3Storage=PrivateS3Storage, DocumentS3Storage=DocumentS3Storage)
    return _classes


def is_remote(storage) -> bool:
    """True when the storage hands out presigned URLs instead of local files."""
    return callable(getattr(storage, "signed_url", None))
