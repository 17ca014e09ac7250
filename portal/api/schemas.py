"""What the API answers, as typed schemas (they make the OpenAPI document).

The public schemas carry the open datasets' column keys (`portal.opendata`): the CSV, the JSON
download and the API say the same thing with the same names (a test compares them).
"""

from __future__ import annotations

import datetime

from ninja import Field, Schema

from .pagination import PageInfo

# --- public -------------------------------------------------------------------------------


class CycleOut(Schema):
    year: int
    program: str
    target_libraries: int = Field(description="Target number of village libraries.")
    target_provinces: int = Field(description="Target number of provinces.")
    beneficiaries: int = Field(description="Village libraries selected in the cycle.")
    provinces_reached: int
    regencies_reached: int


class BeneficiaryPublic(Schema):
    cycle: int
    status: str
    library: str
    village_code: str
    village: str
    district: str
    regency: str
    province: str
    library_page: str


class LibraryPublic(Schema):
    slug: str
    library: str
    village_code: str
    village: str
    district: str
    regency_code: str
    regency: str
    province_code: str
    province: str
    founded_year: int | None
    collection_size: int | None
    latitude: str | None
    longitude: str | None
    library_page: str


class EventPublic(Schema):
    slug: str
    title: str
    cycle: int
    start_date: datetime.date
    end_date: datetime.date
    venue: str
    province_code: str
    province: str
    regency_code: str | None
    regency: str | None
    organiser: str
    participants: int
    libraries: int
    event_page: str


class RegionCyclePublic(Schema):
    cycle: int
    province_code: str
    province: str
    regency_code: str
    regency: str
    beneficiaries: int
    participants: int
    libraries_trained: int


class MonthlyActivityPublic(Schema):
    month: str
    province_code: str
    province: str
    events: int
    participants: int
    attendance_days: int


class MonthlyReportPublic(Schema):
    month: str = Field(description="Month reported (YYYY-MM).")
    slug: str
    library: str
    village_code: str
    regency_code: str
    regency: str
    province_code: str
    province: str
    status: str = Field(description="Always `approved`: only approved reports are published.")
    visitors_women: int
    visitors_men: int
    new_members: int
    loans: int
    computer_sessions: int
    internet_sessions: int
    collection_added: int
    activities: int
    participants_women: int
    participants_men: int


class MonthlyReportPublicPage(Schema):
    items: list[MonthlyReportPublic]
    page: PageInfo


class BeneficiaryPublicPage(Schema):
    items: list[BeneficiaryPublic]
    page: PageInfo


class LibraryPublicPage(Schema):
    items: list[LibraryPublic]
    page: PageInfo


class EventPublicPage(Schema):
    items: list[EventPublic]
    page: PageInfo


# --- staff ---------------------------------------------------------------------------------

MASKED = "null without the contacts permission"


class EventStaff(Schema):
    id: int
    slug: str
    title: str
    status: str
    cycle: int
    province_code: str
    regency_code: str | None
    venue: str
    start_date: datetime.date
    end_date: datetime.date
    changeable: bool = Field(description="Whether this token's user may change the event.")


class ScreeningStaff(Schema):
    phase: str
    test_type: str
    result: str
    tested_on: datetime.date


class ParticipantStaff(Schema):
    id: int
    event: str = Field(description="The event's slug.")
    full_name: str
    gender: str
    role: str
    library_slug: str
    village_code: str
    phone: str | None = Field(description=f"Personal data: {MASKED}.")
    email: str | None = Field(description=f"Personal data: {MASKED}.")
    is_sample: bool
    screenings: list[ScreeningStaff] | None = Field(
        description="Health data: null without the health permission."
    )


class AttendanceStaff(Schema):
    id: int
    participant: int
    event: str
    day: datetime.date


class BeneficiaryStaff(Schema):
    id: int
    cycle: int
    status: str
    selected_on: datetime.date | None
    library_slug: str
    library: str
    village_code: str | None = Field(description="Empty for a province or regency library.")
    regency_code: str | None
    province_code: str
    library_phone: str | None = Field(description=f"Personal data: {MASKED}.")
    library_email: str | None = Field(description=f"Personal data: {MASKED}.")


class DeliveryItemStaff(Schema):
    kind: str
    description: str
    quantity: int | None = Field(description="Null when the handover did not count it.")
    condition: str


class DeliveryStaff(Schema):
    id: int
    beneficiary: int = Field(description="The beneficiary's id (from /staff/beneficiaries).")
    cycle: int
    library_slug: str
    bast_number: str
    delivered_on: datetime.date
    items: list[DeliveryItemStaff]


class DeliveryStaffPage(Schema):
    items: list[DeliveryStaff]
    page: PageInfo


class CheckIn(Schema):
    participant: int = Field(description="The participant's id (from /staff/participants).")
    day: datetime.date = Field(description="A day of the event (YYYY-MM-DD).")


class EventStaffPage(Schema):
    items: list[EventStaff]
    page: PageInfo


class ParticipantStaffPage(Schema):
    items: list[ParticipantStaff]
    page: PageInfo


class AttendanceStaffPage(Schema):
    items: list[AttendanceStaff]
    page: PageInfo


class BeneficiaryStaffPage(Schema):
    items: list[BeneficiaryStaff]
    page: PageInfo
