"""Reads of follow-ups and dispositions, always through the caller's visibility."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from . import rules
from .models import Disposition, DispositionStatus, FollowUp, FollowUpStatus


def visible_followups(*, user: Any) -> QuerySet[FollowUp]:
    """Pimpinan and admins: every follow-up of the site. Others: those their organizations own, those
    they own or created, and those disposed to them or to their organizations."""
    qs = FollowUp.objects.select_related("owner_organization", "owner_person", "created_by")
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if rules.sees_everything(user):
        return qs
    orgs = rules.member_org_ids(user)
    disposed = Disposition.objects.filter(Q(to_user=user) | Q(to_organization_id__in=orgs)).values(
        "followup_id"
    )
    return qs.filter(
        Q(owner_organization_id__in=orgs) | Q(owner_person=user) | Q(created_by=user) | Q(pk__in=disposed)
    )


def addressed_to(*, user: Any) -> QuerySet[Disposition]:
    """Dispositions the user is a recipient of: to them by name, or to one of their organizations
    without a named person."""
    if not getattr(user, "is_authenticated", False):
        return Disposition.objects.none()
    orgs = rules.member_org_ids(user)
    return Disposition.objects.filter(
        Q(to_user=user) | Q(to_user__isnull=True, to_organization_id__in=orgs)
    ).exclude(status=DispositionStatus.DIBATALKAN)


def filter_followups(
    qs: QuerySet[FollowUp],
    *,
    user: Any,
    status: str = "",
    priority: str = "",
    source_kind: str = "",
    organization: int | None = None,
    q: str = "",
    mine: bool = False,
    overdue: bool = False,
) -> QuerySet[FollowUp]:
    if status:
        qs = qs.filter(status=status)
    if priority:
        qs = qs.filter(priority=priority)
    if source_kind:
        qs = qs.filter(source_kind=source_kind)
    if organization:
        qs = qs.filter(owner_organization_id=organization)
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(srikandi_number__icontains=q))
    if mine:
        qs = qs.filter(pk__in=addressed_to(user=user).values("followup_id"))
    if overdue:
        qs = qs.exclude(status=FollowUpStatus.SELESAI).filter(due_date__lt=timezone.localdate())
    return qs


def counters(*, user: Any) -> dict[str, int]:
    """The dashboard counters, as in SRIKANDI: unread dispositions, dispositions not followed up
    (nobody has started: unread or read only), open and overdue follow-ups the user can see."""
    inbox = addressed_to(user=user)
    visible = visible_followups(user=user).exclude(status=FollowUpStatus.SELESAI)
    return {
        "unread": inbox.filter(status=DispositionStatus.BELUM_DIBACA).count(),
        "not_followed_up": inbox.filter(
            status__in=(DispositionStatus.BELUM_DIBACA, DispositionStatus.DIBACA)
        ).count(),
        "open": visible.count(),
        "overdue": visible.filter(due_date__lt=timezone.localdate()).count(),
    }


def counts_by_organization(*, user: Any) -> list[dict[str, Any]]:
    """Per owner organization: total, open, overdue and done follow-ups among those the user sees."""
    today = timezone.localdate()
    done = Q(status=FollowUpStatus.SELESAI)
    rows = (
        visible_followups(user=user)
        .values("owner_organization_id", "owner_organization__name")
        .annotate(
            total=Count("pk"),
            done=Count("pk", filter=done),
            open=Count("pk", filter=~done),
            overdue=Count("pk", filter=~done & Q(due_date__lt=today)),
        )
        .order_by("-overdue", "-open", "owner_organization__name")
    )
    return [
        {
            "organization_id": r["owner_organization_id"],
            "organization": r["owner_organization__name"],
            "total": r["total"],
            "open": r["open"],
            "overdue": r["overdue"],
            "done": r["done"],
        }
        for r in rows
    ]


def trail(*, followup: FollowUp) -> list[Disposition]:
    """The disposition tree in reading order (each disposition followed by its re-dispositions), with
    `depth` set on each for indentation."""
    items = list(
        followup.dispositions.select_related(
            "from_user", "to_user", "to_organization", "read_by", "completed_by"
        ).order_by("created_at", "pk")
    )
    children: dict[int | None, list[Disposition]] = {}
    for d in items:
        children.setdefault(d.parent_id, []).append(d)
    ordered: list[Disposition] = []

    def walk(parent_id: int | None, depth: int) -> None:
        for d in children.get(parent_id, []):
            d.depth = depth  # type: ignore[attr-defined]
            ordered.append(d)
            walk(d.pk, depth + 1)

    walk(None, 0)
    return ordered
