"""The official region hierarchy (Kemendagri codes) and the village libraries in it.

Regions use their official code as primary key: codes nest (`51` > `51.03` > `51.03.02` >
`51.03.02.2009`), so loading, importing and URLs never depend on database ids.
"""

from .indicators import LiteracyIndex
from .libraries import NPP_FORMAT, VillageLibrary
from .regions import (
    DISTRICT_CODE,
    PROVINCE_CODE,
    REGENCY_CODE,
    VILLAGE_CODE,
    District,
    Province,
    Regency,
    Village,
)
from .user_scope import UserScope

__all__ = [
    "PROVINCE_CODE",
    "REGENCY_CODE",
    "DISTRICT_CODE",
    "VILLAGE_CODE",
    "Province",
    "Regency",
    "District",
    "Village",
    "NPP_FORMAT",
    "VillageLibrary",
    "UserScope",
    "LiteracyIndex",
]
