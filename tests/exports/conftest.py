import pytest
from django.contrib.auth.models import Permission

from villages.models import UserScope
from villages.scoping import forget_scope


@pytest.fixture
def make_staff(db, django_user_model):
    """A staff user with a regional scope and, optionally, the contacts/health permissions."""

    def make(
        username, *, level="national", province=None, regency=None, contacts=False, health=False
    ):
        user = django_user_model.objects.create_user(
            username, password="x-Password-123", is_staff=True
        )
        if level:
            UserScope.objects.create(
                user=user,
                level=level,
                province_id=province if level == "province" else (regency[:2] if regency else None),
                regency_id=regency if level == "regency" else None,
            )
        codenames = ["view_participant", "view_beneficiary"]
        if contacts:
            codenames.append("view_contact_data")
        if health:
            codenames.append("view_health_data")
        user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
        user = django_user_model.objects.get(pk=user.pk)  # fresh permission cache
        forget_scope(user)
        return user

    return make
