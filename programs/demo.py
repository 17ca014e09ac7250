"""The program year around the demo's Bimtek (issue 10), as far as public sources report it.

From sources (DOMAIN.md, "What a program year holds"):
- the 2021 full package as reported in Natuna (koranperbatasan.com): 1 server, 3 computers,
  1 printer, 1 smart TV, a modem, 700 books, 2 shelves;
- the Tabanan deliveries as reported (nusabali.com, berita 93945): Delod Peken, Dauh Peken and
  Penebel received 2 computers and books (the number of books is not reported: left empty).

Sample data (marked so): the handover numbers and dates of those deliveries; a 2022 cycle in
Bali with a sample decree that moves a regency library, the province library and a village
library from proposed to selected (their history shows each step), one village library still
proposed, and one village replicating the model with its village funds.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from core.system import system_user
from villages.models import Province, Regency, Village
from villages.services import library_get_or_create, regional_library_get_or_create

from .models import (
    AidItemKind,
    AidPackage,
    AidPackageItem,
    Beneficiary,
    Delivery,
    DeliveryItem,
    Program,
    ProgramCycle,
    ProvinceQuota,
    SelectionDecree,
)
from .services import beneficiary_add

FULL_PACKAGE_2021 = (
    (AidItemKind.SERVER, 1),
    (AidItemKind.COMPUTER, 3),
    (AidItemKind.PRINTER, 1),
    (AidItemKind.SMART_TV, 1),
    (AidItemKind.MODEM, 1),
    (AidItemKind.BOOKS, 700),
    (AidItemKind.SHELVES, 2),
)
TABANAN_2021 = ("51.02.05.2004", "51.02.05.2005", "51.02.08.2010")
SAMPLE_DECREE_2022 = "CONTOH/2022/PPM"  # sample: not a real decree number


def demo_program_year_seed(*, cycle_2021: ProgramCycle) -> None:
    """Add the program year to the demo (idempotent)."""
    package, _ = AidPackage.objects.update_or_create(
        cycle=cycle_2021,
        name="Paket lengkap 2021",
        defaults={
            "description": "Seperti dilaporkan di Natuna (koranperbatasan.com): 1 server, "
            "3 komputer, 1 printer, 1 smart TV, modem, 700 buku, 2 rak."
        },
    )
    for kind, quantity in FULL_PACKAGE_2021:
        AidPackageItem.objects.update_or_create(
            package=package, kind=kind, defaults={"quantity": quantity}
        )
    for number, code in enumerate(TABANAN_2021, start=1):
        beneficiary = Beneficiary.objects.get(cycle=cycle_2021, library__village_id=code)
        delivery, created = Delivery.objects.get_or_create(
            beneficiary=beneficiary,
            bast_number=f"CONTOH/BAST/{number:03d}/2021",
            defaults={
                "delivered_on": datetime.date(2021, 9, 1),
                "is_sample": True,
                "notes": "Barang sesuai berita nusabali.com (berita 93945): 2 komputer dan buku. "
                "Nomor dan tanggal BAST adalah data contoh.",
            },
        )
        if created:
            DeliveryItem.objects.bulk_create(
                [
                    DeliveryItem(delivery=delivery, kind=AidItemKind.COMPUTER, quantity=2),
                    DeliveryItem(
                        delivery=delivery,
                        kind=AidItemKind.BOOKS,
                        quantity=None,
                        description="buku (jumlah tidak dilaporkan)",
                    ),
                ]
            )
    _seed_second_cycle(cycle_2021.program)


def _seed_second_cycle(program: Program) -> None:
    cycle, _ = ProgramCycle.objects.update_or_create(
        program=program,
        year=2022,
        defaults={"notes": "Data contoh untuk demo alur seleksi (bukan dari sumber)."},
    )
    if Beneficiary.objects.filter(cycle=cycle).exists():
        return  # seeded before: the workflow is not replayed
    bali = Province.objects.get(code="51")
    ProvinceQuota.objects.update_or_create(
        cycle=cycle, province=bali, defaults={"target_libraries": 4}
    )
    user = system_user()
    province_library, _ = regional_library_get_or_create(region=bali)
    badung_library, _ = regional_library_get_or_create(region=Regency.objects.get(code="51.03"))
    village = Village.objects.select_related("regency").get(code="51.02.01.2001")
    village_library, _ = library_get_or_create(village=village)
    decree, _ = SelectionDecree.objects.get_or_create(
        number=SAMPLE_DECREE_2022,
        defaults={
            "cycle": cycle,
            "date": datetime.date(2022, 2, 1),
            "title": "Contoh: SK penetapan penerima manfaat TPBIS 2022 (data contoh)",
        },
    )
    # The steps as the history shows them (proposed → verified → selected), by the system
    # user. A seed is not a person's operation: no audit record (the services write one).
    for library in (province_library, badung_library, village_library):
        beneficiary = Beneficiary(cycle=cycle, library=library, status=Beneficiary.Status.PROPOSED)
        for status, reason in (
            (Beneficiary.Status.PROPOSED, "propose"),
            (Beneficiary.Status.VERIFIED, "verify"),
            (Beneficiary.Status.SELECTED, "select"),
        ):
            beneficiary.status = status
            if status == Beneficiary.Status.SELECTED:
                beneficiary.decree, beneficiary.selected_on = decree, decree.date
            beneficiary._history_user = user
            beneficiary._change_reason = reason
            beneficiary.save()
    still_proposed = Village.objects.select_related("regency").get(code="51.02.01.2002")
    beneficiary_add(
        cycle=cycle,
        library=library_get_or_create(village=still_proposed)[0],
        status=Beneficiary.Status.PROPOSED,
    )
    replicating = Village.objects.select_related("regency").get(code="51.02.02.2001")
    beneficiary_add(
        cycle=cycle,
        library=library_get_or_create(village=replicating)[0],
        status=Beneficiary.Status.ACTIVE,
        track=Beneficiary.Track.REPLICATION,
        funding_source=Beneficiary.Funding.VILLAGE_FUNDS,
        funding_amount=Decimal("115000000"),
        notes="Data contoh: replikasi dengan dana desa (besaran seperti contoh Berau, a-news.id).",
    )
