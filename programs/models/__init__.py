"""The TPBIS program, its yearly cycles and beneficiaries, and the institutions behind it."""

from .beneficiaries import (
    PUBLIC_STATUSES,
    Beneficiary,
    BeneficiaryDocument,
    BeneficiaryDocumentQuerySet,
    BeneficiaryQuerySet,
    public_beneficiary_q,
)
from .cycles import (
    AidItemKind,
    AidPackage,
    AidPackageItem,
    Program,
    ProgramCycle,
    ProvinceQuota,
    ProvinceQuotaQuerySet,
    SelectionDecree,
)
from .deliveries import Delivery, DeliveryItem, DeliveryItemQuerySet, DeliveryQuerySet
from .institutions import Institution, InstitutionQuerySet, Official, OfficialQuerySet

# Migrations name the upload_to callables through this package.
from .uploads import _bast_upload_to, _beneficiary_document_upload_to, _decree_upload_to

__all__ = [
    "InstitutionQuerySet",
    "OfficialQuerySet",
    "Institution",
    "Official",
    "ProvinceQuotaQuerySet",
    "Program",
    "ProgramCycle",
    "ProvinceQuota",
    "SelectionDecree",
    "AidPackage",
    "AidItemKind",
    "AidPackageItem",
    "PUBLIC_STATUSES",
    "public_beneficiary_q",
    "BeneficiaryQuerySet",
    "BeneficiaryDocumentQuerySet",
    "Beneficiary",
    "BeneficiaryDocument",
    "DeliveryQuerySet",
    "DeliveryItemQuerySet",
    "Delivery",
    "DeliveryItem",
    "_bast_upload_to",
    "_beneficiary_document_upload_to",
    "_decree_upload_to",
]
