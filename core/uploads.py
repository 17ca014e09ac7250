"""Where an upload waits between its preview and its confirmation.

The upload is kept server-side, never re-posted by the browser: its bytes and a small JSON
record go into ``IMPORT_UPLOAD_DIR`` (shared by all application servers; the system temp
directory by default) under a random token that is also stored in the user's session. Getting
it back needs that token in the same session, by the same user, and the bytes must hash to what
was stored. Uploads not confirmed within a day are deleted at a later upload.

Shared library code: it knows requests and sessions, no app.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.http import HttpRequest

#: Uploads not confirmed within this many seconds are deleted at the next upload.
UPLOAD_MAX_AGE = 24 * 3600
#: Uploads a session keeps at most (the oldest are forgotten).
SESSION_UPLOADS = 10


def upload_dir() -> Path:
    """The staging directory (created, private to the application's user)."""
    directory = Path(
        getattr(settings, "IMPORT_UPLOAD_DIR", "")
        or Path(tempfile.gettempdir()) / "libportal-imports"
    )
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    return directory


class UploadGone(LookupError):
    """No such upload for this session and user (never made, confirmed, expired or altered)."""


@dataclass(frozen=True)
class StagedUpload:
    token: str
    data: bytes
    sha256: str
    meta: dict[str, Any]


class UploadStore:
    """Staged uploads of one kind (``name`` keys them in the session)."""

    def __init__(self, name: str) -> None:
        self.session_key = name

    def put(self, request: HttpRequest, *, data: bytes, meta: dict[str, Any]) -> StagedUpload:
        """Stage `data` with `meta` (JSON-serialisable) for `request`'s user and session."""
        directory = upload_dir()
        _clean_old_uploads(directory)
        token = secrets.token_urlsafe(24)
        sha256 = hashlib.sha256(data).hexdigest()
        (directory / f"{token}.bin").write_bytes(data)
        record = {"user": request.user.pk, "sha256": sha256, "meta": meta}
        (directory / f"{token}.json").write_text(json.dumps(record))
        tokens = [
            t
            for t in request.session.get(self.session_key, [])
            if (directory / f"{t}.json").exists()
        ]
        request.session[self.session_key] = [*tokens[-(SESSION_UPLOADS - 1) :], token]
        return StagedUpload(token, data, sha256, meta)

    def get(self, request: HttpRequest, token: str) -> StagedUpload:
        """The upload staged under `token` in this session by this user; `UploadGone` else."""
        if (
            token not in request.session.get(self.session_key, [])
            or not token.replace("-", "").replace("_", "").isalnum()
        ):
            raise UploadGone(token)
        directory = upload_dir()
        try:
            record = json.loads((directory / f"{token}.json").read_text())
            data = (directory / f"{token}.bin").read_bytes()
        except (OSError, ValueError):
            raise UploadGone(token) from None
        sha256 = hashlib.sha256(data).hexdigest()
        if record.get("user") != request.user.pk or sha256 != record.get("sha256"):
            raise UploadGone(token)
        return StagedUpload(token, data, sha256, record.get("meta", {}))

    def forget(self, request: HttpRequest, token: str) -> None:
        """Drop the upload from the session and the disk (after confirming or cancelling)."""
        request.session[self.session_key] = [
            t for t in request.session.get(self.session_key, []) if t != token
        ]
        if not token.replace("-", "").replace("_", "").isalnum():
            return
        for suffix in (".bin", ".json"):
            try:
                (upload_dir() / f"{token}{suffix}").unlink()
            except OSError:
                pass


def _clean_old_uploads(directory: Path) -> None:
    limit = time.time() - UPLOAD_MAX_AGE
    for item in directory.glob("*.*"):
        try:
            if item.stat().st_mtime < limit:
                item.unlink()
        except OSError:
            pass
