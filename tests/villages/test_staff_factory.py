"""StaffFactory, the one way tests make staff users: the scope it is given is the one
`villages.scoping` resolves, by object or by code."""

import pytest
from django.contrib.auth import authenticate

from tests.villages.factories import (
    STAFF_PASSWORD,
    ProvinceFactory,
    RegencyFactory,
    StaffFactory,
    VillageLibraryFactory,
)
from villages.models import UserScope
from villages.scoping import scope_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def regency():
    return RegencyFactory(province=ProvinceFactory(code="40"), code="40.10")


@pytest.mark.parametrize("by_code", [False, True], ids=["object", "code"])
def test_scope_is_resolved_at_the_level_given(regency, by_code):
    province = regency.province
    national = StaffFactory(scope="national")
    in_province = StaffFactory(scope=province.code if by_code else province)
    in_regency = StaffFactory(scope=regency.code if by_code else regency)
    assert scope_of(national).level == "national"
    assert (scope_of(in_province).level, scope_of(in_province).code) == ("province", "40")
    assert (scope_of(in_regency).level, scope_of(in_regency).code) == ("regency", "40.10")
    assert UserScope.objects.get(user=in_regency).province_id == "40"


def test_without_a_scope_there_is_no_scope_row_and_an_unknown_scope_is_refused(regency):
    assert not UserScope.objects.filter(user=StaffFactory()).exists()
    with pytest.raises(ValueError, match="scope must be"):
        StaffFactory(scope=VillageLibraryFactory(village__district__regency=regency))


def test_permissions_and_password_are_those_given(rf):
    user = StaffFactory(permissions=["view_participant", "view_contact_data"])
    assert user.has_perm("trainings.view_participant")
    assert user.has_perm("villages.view_contact_data")
    assert not user.has_perm("villages.view_health_data")
    assert authenticate(rf.get("/"), username=user.username, password=STAFF_PASSWORD) == user
