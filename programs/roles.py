"""What this app offers the roles (collected by `portal.roles`): its models, by kind."""

from .models import (
    AidPackage,
    AidPackageItem,
    Beneficiary,
    BeneficiaryDocument,
    Delivery,
    DeliveryItem,
    Institution,
    Official,
    Program,
    ProgramCycle,
    ProvinceQuota,
    SelectionDecree,
)

REFERENCE_MODELS = (
    Institution,
    Official,
    Program,
    ProgramCycle,
    ProvinceQuota,
    SelectionDecree,
    AidPackage,
    AidPackageItem,
)
RECORD_MODELS = (Beneficiary, Delivery, DeliveryItem, BeneficiaryDocument)
