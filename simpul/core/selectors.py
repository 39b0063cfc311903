from typing import Any

from django.conf import settings

from simpul.organizations.models import Organization
from simpul.regions.models import Level, Region


def home_summary() -> dict[str, Any]:
    """Public figures for the home page and its JSON twin."""
    home = Region.objects.filter(code=settings.SIMPUL_HOME_REGION).first()
    return {
        "home_region": {"code": home.code, "name": home.name} if home else None,
        "kabkota": Region.objects.filter(parent_id=settings.SIMPUL_HOME_REGION, level=Level.KABKOTA).count(),
        "organizations": Organization.objects.count(),
    }


def audit_entries(*, user: Any, object_type: str | None = None, object_id: str | None = None) -> Any:
    """Audit entries the user may read: admins read everything, others what they did themselves."""
    from simpul.organizations.permissions import is_admin

    from .models import AuditEntry

    qs = AuditEntry.objects.all()
    if not is_admin(user):
        qs = qs.filter(actor_id=user.pk)
    if object_type is not None:
        qs = qs.filter(object_type=object_type, object_id=object_id)
    return qs
