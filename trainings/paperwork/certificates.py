"""Certificate PDFs, one A4 landscape page each, and the ZIP of an event's certificates.

The ZIP is written as it is made (zipfile over a non-seekable stream): one certificate's PDF is
in memory at a time, so 3,000 certificates cost no more memory than ten
(bench/paperwork_bench.py measures it). Only what the certificate states is loaded: name,
library, regency — never phones, e-mails or health data.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Iterator
from typing import IO

from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.pdf import FONT
from trainings.models import Certificate, TrainingEvent

from .drawing import PaperworkPDF, date_range, lang_of


def verification_url(base_url: str, certificate: Certificate) -> str:
    """The absolute address printed (and QR-encoded) on the certificate."""
    return base_url.rstrip("/") + certificate.get_absolute_url()


def certificate_pdf(certificate: Certificate, *, base_url: str, language: str = "id") -> bytes:
    """One certificate (the certificate's event, participant and library loaded with it:
    `Certificate.objects.for_documents()`)."""
    lang = lang_of(language)
    with translation.override(lang):
        # The URL is always the Indonesian (default) address: the page offers its language link.
        with translation.override("id"):
            url = verification_url(base_url, certificate)
        return _render(certificate, url=url, lang=lang)


def _render(certificate: Certificate, *, url: str, lang: str) -> bytes:
    event: TrainingEvent = certificate.event
    participant = certificate.participant
    library = participant.library
    pdf = PaperworkPDF(orientation="L")
    pdf.set_auto_page_break(auto=False)
    pdf.add_page()
    pdf.set_title(_("Certificate %(number)s") % {"number": certificate.number})
    # A double frame: reads as a certificate in black and white.
    pdf.set_draw_color(0)
    pdf.set_line_width(1.2)
    pdf.rect(10, 10, 277, 190)
    pdf.set_line_width(0.3)
    pdf.rect(13, 13, 271, 184)

    pdf.set_y(24)
    pdf.line_text(event.organiser.name.upper(), size=12, bold=True)
    pdf.ln(5)
    pdf.line_text(_("CERTIFICATE"), size=34, bold=True, height=14)
    pdf.line_text(_("No. %(number)s") % {"number": certificate.number}, size=12)
    pdf.ln(5)
    pdf.line_text(_("is awarded to"), size=12)
    pdf.ln(2)
    pdf.line_text(participant.full_name, size=26, bold=True, height=12)
    regency = library.regency.name if library.regency_id else ""
    pdf.line_text(", ".join(p for p in (library.name, regency) if p), size=13)
    pdf.ln(4)
    pdf.line_text(_("for taking part in"), size=12)
    pdf.line_text(event.title, size=16, bold=True, height=8)
    facts = _("held on %(dates)s at %(venue)s") % {
        "dates": date_range(event.start_date, event.end_date, lang),
        "venue": event.venue,
    }
    if event.hours:
        facts += ", " + _("%(hours)s training hours (JP)") % {"hours": event.hours}
    pdf.line_text(facts + ".", size=12)

    # Verification: QR bottom left, the code and address beside it.
    pdf.qr(url, x=22, y=148, size=38)
    pdf.set_xy(62, 160)
    pdf.set_font(FONT, "", 9)
    pdf.multi_cell(
        95,
        4.5,
        _("Verify this certificate: scan the code or open")
        + f"\n{url}\n"
        + _("Verification code: %(code)s") % {"code": certificate.code},
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.signature(
        x=180,
        y=140,
        width=95,
        event=event,
        place=event.invitation_place or event.venue.split(",")[-1].strip(),
        date=event.end_date,
        language=lang,
    )
    return bytes(pdf.output())


def certificate_filename(certificate: Certificate) -> str:
    return f"{certificate.sequence:04d}-{slugify(certificate.participant.full_name)[:60]}.pdf"


class _Sink:
    """A write-only, non-seekable stream whose bytes are taken out as they come."""

    def __init__(self) -> None:
        self.chunks: list[bytes] = []

    def write(self, data: bytes) -> int:
        self.chunks.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        data, self.chunks = b"".join(self.chunks), []
        return data


def certificates_zip_stream(
    certificates: Iterable[Certificate], *, base_url: str, language: str = "id"
) -> Iterator[bytes]:
    """The ZIP of `certificates` as chunks (for a streamed download): one PDF in memory at a
    time. PDFs are already compressed, so they are stored, not deflated again."""
    sink = _Sink()
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_STORED) as archive:  # type: ignore[arg-type]
        for certificate in certificates:
            archive.writestr(
                certificate_filename(certificate),
                certificate_pdf(certificate, base_url=base_url, language=language),
            )
            yield sink.take()
    yield sink.take()


def certificates_zip_write(
    certificates: Iterable[Certificate], out: IO[bytes], *, base_url: str, language: str = "id"
) -> int:
    """Write the ZIP of `certificates` to `out`; returns how many certificates it holds."""
    count = 0
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as archive:
        for certificate in certificates:
            archive.writestr(
                certificate_filename(certificate),
                certificate_pdf(certificate, base_url=base_url, language=language),
            )
            count += 1
    return count
