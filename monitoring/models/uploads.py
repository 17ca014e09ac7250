"""Where report photos are stored (an `upload_to` callable the migration names)."""

from core.documents import document_path


def report_photo_upload_to(instance, filename: str) -> str:
    return document_path("report-photos", filename)
