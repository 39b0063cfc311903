from typing import Any

import pytest
from django.urls import reverse

from simpul.core.models import AuditEntry
from simpul.organizations import services
from simpul.organizations.choices import Role
from simpul.regions.models import Region

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(make_user: Any) -> Any:
    return make_user("root", is_superuser=True, is_staff=True)


def test_services_record_who_what_and_before_after(admin: Any, make_user: Any) -> None:
    org = services.organization_create(
        actor=admin,
        slug="dishub-lampung",
        name="Dinas Perhubungan",
        kind="opd",
        region=Region.objects.get(code="18"),
    )
    user = make_user("andi")
    membership = services.membership_grant(actor=admin, user=user, organization=org, role=Role.PRODUSEN)
    services.membership_revoke(actor=admin, membership=membership)

    entries = list(AuditEntry.objects.order_by("id"))
    assert [e.action for e in entries] == ["organization.create", "membership.grant", "membership.revoke"]
    assert entries[0].actor == admin
    assert (entries[0].after or {})["name"] == "Dinas Perhubungan"
    assert (entries[2].before or {})["role"] == Role.PRODUSEN
    assert entries[2].after is None


def test_entries_cannot_be_edited_or_deleted(admin: Any) -> None:
    org = services.organization_create(
        actor=admin, slug="x", name="X", kind="opd", region=Region.objects.get(code="18")
    )
    entry = AuditEntry.objects.get(object_id=str(org.pk))
    entry.action = "forged"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.update(action="forged")
    assert AuditEntry.objects.get(pk=entry.pk).action == "organization.create"


def test_admin_site_offers_no_change_or_delete(client: Any, admin: Any) -> None:
    services.organization_create(
        actor=admin, slug="x", name="X", kind="opd", region=Region.objects.get(code="18")
    )
    entry = AuditEntry.objects.get()
    client.force_login(admin)
    assert client.get(reverse("admin:core_auditentry_changelist")).status_code == 200
    assert (
        client.post(reverse("admin:core_auditentry_delete", args=[entry.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_object_history_view_and_json_twin(client: Any, admin: Any) -> None:
    org = services.organization_create(
        actor=admin, slug="x", name="Dinas X", kind="opd", region=Region.objects.get(code="18")
    )
    client.force_login(admin)
    url = reverse("audit:history", args=["organizations.organization", org.pk])
    assert "organization.create" in client.get(url).content.decode()
    data = client.get(url + "?format=json").json()
    assert data["results"][0]["after"]["name"] == "Dinas X"


def test_non_admins_see_only_their_own_actions(client: Any, admin: Any, make_user: Any) -> None:
    services.organization_create(
        actor=admin, slug="x", name="Dinas X", kind="opd", region=Region.objects.get(code="18")
    )
    user = make_user("andi")
    client.force_login(user)
    assert client.get(reverse("audit:list") + "?format=json").json()["results"] == []


def test_only_admins_create_organizations(make_user: Any) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.organization_create(
            actor=make_user("andi"), slug="x", name="X", kind="opd", region=Region.objects.get(code="18")
        )
    assert not AuditEntry.objects.exists()
