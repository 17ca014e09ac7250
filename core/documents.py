"""Private documents (decrees, commitment letters, board decrees, signed BASTs): what may be
uploaded, how it is named and where it is kept. Imports no app.

- **What**: PDF, JPEG or PNG only, judged by the file's first bytes (its "magic"), never by the
  name or the browser's content type; the name's extension must agree with the content (a PNG
  renamed .pdf is refused); at most `LIBPORTAL_DOCUMENT_MAX_BYTES` (10 MB).
- **Names**: the uploaded name is reduced to safe ASCII characters and prefixed with a random
  token, so names never collide, never traverse folders and cannot be guessed.
- **Where**: through Django's storage API, the `documents` entry of `settings.STORAGES` when it
  exists (object storage: core/storage.py), else local files under
  `LIBPORTAL_DOCUMENTS_ROOT` (default `<BASE_DIR>/private-documents`), outside `MEDIA_ROOT` and
  the static files. A document's URL is the staff download view (`LIBPORTAL_DOCUMENTS_URL`,
  default `/staf/dokumen/`), which looks up the record holding the file and applies the
  user's scope: no public URL exists.
"""

from __future__ import annotations

import mimetypes
import os
import re
import secrets
import unicodedata
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.http import FileResponse, HttpResponse, HttpResponseRedirect
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

from core.storage import is_remote

DEFAULT_MAX_BYTES = 10 * 1024 * 1024

#: kind -> (magic prefixes, extensions the name may have)
KINDS: dict[str, tuple[tuple[bytes, ...], tuple[str, ...]]] = {
    "pdf": ((b"%PDF-",), (".pdf",)),
    "png": ((b"\x89PNG\r\n\x1a\n",), (".png",)),
    "jpeg": ((b"\xff\xd8\xff",), (".jpg", ".jpeg")),
}
CONTENT_TYPES = {"pdf": "application/pdf", "png": "image/png", "jpeg": "image/jpeg"}
KIND_LABELS = {"pdf": "PDF", "png": "PNG", "jpeg": "JPEG"}


def max_bytes() -> int:
    return int(getattr(settings, "LIBPORTAL_DOCUMENT_MAX_BYTES", DEFAULT_MAX_BYTES))


def sniff(head: bytes) -> str | None:
    """The kind ("pdf", "png", "jpeg") the first bytes show, or None."""
    for kind, (magics, _extensions) in KINDS.items():
        if any(head.startswith(magic) for magic in magics):
            return kind
    return None


def validate_document(file) -> None:
    """Refuse anything but a PDF, JPEG or PNG of at most 10 MB whose name agrees with its
    content. Raises ValidationError with a message naming the file and the reason."""
    name = PurePosixPath(getattr(file, "name", "") or "").name
    size = getattr(file, "size", None)
    limit = max_bytes()
    if size is not None and size > limit:
        raise ValidationError(
            _("“%(name)s” is %(size).1f MB; a document may be at most %(limit)d MB.")
            % {"name": name, "size": size / 1024 / 1024, "limit": limit // 1024 // 1024},
            code="too_large",
        )
    position = file.tell() if hasattr(file, "tell") else None
    try:
        if hasattr(file, "seek"):
            file.seek(0)
        head = file.read(16)
    finally:
        if position is not None and hasattr(file, "seek"):
            file.seek(position)
    kind = sniff(head or b"")
    if kind is None:
        raise ValidationError(
            _("“%(name)s” is not a PDF, JPEG or PNG file (judged by its content).")
            % {"name": name},
            code="bad_type",
        )
    extension = os.path.splitext(name)[1].lower()
    if extension not in KINDS[kind][1]:
        raise ValidationError(
            _("“%(name)s” is a %(kind)s file but its name says otherwise; name it %(ext)s.")
            % {"name": name, "kind": KIND_LABELS[kind], "ext": KINDS[kind][1][0]},
            code="name_mismatch",
        )


def sanitise_filename(name: str) -> str:
    """A safe file name: no folders, ASCII letters, digits, dot, dash and underscore only,
    at most 80 characters, the extension in lower case ("SK Kepala (1).PDF" → "SK_Kepala_1.pdf").
    """
    name = PurePosixPath(name.replace("\\", "/")).name
    name = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    name = re.sub(r"[^A-Za-z0-9._-]+", "_", name)
    stem, extension = os.path.splitext(name)
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", stem).strip("._-")[:70] or "document"
    extension = re.sub(r"[^a-z0-9.]", "", extension.lower())[:6]
    return f"{stem}{extension}"


def document_path(folder: str, filename: str) -> str:
    """Where an upload is stored: `<folder>/<random token>-<sanitised name>`."""
    return f"{folder}/{secrets.token_hex(8)}-{sanitise_filename(filename)}"


@deconstructible
class PrivateDocumentStorage(FileSystemStorage):
    """Local private files; reads its folder and URL from settings on every use (so tests and
    deployments can move it), and its URLs point at the scoped download view."""

    def __init__(self) -> None:
        super().__init__()

    @property
    def base_location(self) -> str:  # type: ignore[override]
        return str(
            getattr(settings, "LIBPORTAL_DOCUMENTS_ROOT", None)
            or os.path.join(settings.BASE_DIR, "private-documents")
        )

    @property
    def location(self) -> str:  # type: ignore[override]
        return os.path.abspath(self.base_location)

    @property
    def base_url(self) -> str:  # type: ignore[override]
        return documents_url()

    @property
    def file_permissions_mode(self) -> int:  # type: ignore[override]
        return 0o600

    @property
    def directory_permissions_mode(self) -> int:  # type: ignore[override]
        return 0o700


def documents_url() -> str:
    return getattr(settings, "LIBPORTAL_DOCUMENTS_URL", "/staf/dokumen/")


_local = PrivateDocumentStorage()


def documents_storage() -> Storage:
    """The storage of private documents (a callable, so the model fields' migrations do not
    freeze a backend): `STORAGES["documents"]` if configured, else local private files."""
    if "documents" in getattr(settings, "STORAGES", {}):
        return storages["documents"]
    return _local


def document_response(fieldfile) -> HttpResponse:
    """Serve a stored document as a download, with the content type its content shows (never
    rendered inline by the browser). On object storage (core/storage.py) the caller has already
    checked the scope, so the answer is a redirect to a short-lived presigned URL: the bytes
    never pass through the app server and no lasting URL exists."""
    filename = PurePosixPath(fieldfile.name).name.split("-", 1)[-1]
    if is_remote(fieldfile.storage):
        # The name's extension agrees with the content: validate_document refused the rest.
        content_type = mimetypes.guess_type(filename)[0] or "application/octet-stream"
        response = HttpResponseRedirect(
            fieldfile.storage.signed_url(
                fieldfile.name, filename=filename, content_type=content_type
            )
        )
        response["Cache-Control"] = "private, no-store"
        return response
    handle = fieldfile.storage.open(fieldfile.name, "rb")
    head = handle.read(16)
    handle.seek(0)
    kind = sniff(head)
    content_type = CONTENT_TYPES.get(kind or "", None) or (
        mimetypes.guess_type(fieldfile.name)[0] or "application/octet-stream"
    )
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
