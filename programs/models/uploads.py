"""Where uploaded program documents are stored (`upload_to` callables; migrations name them
through `programs.models`)."""

from core.documents import document_path


def _decree_upload_to(instance, filename: str) -> str:
    return document_path("decrees", filename)


def _bast_upload_to(instance, filename: str) -> str:
    return document_path("bast", filename)


def _beneficiary_document_upload_to(instance, filename: str) -> str:
    return document_path("beneficiaries", filename)
