"""Reads of standard data (public metadata: no visibility rule beyond the caller's edit rights)."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from .models import Classification, Indicator, StatisticalActivity


def indicators(q: str = "") -> QuerySet[Indicator]:
    qs = Indicator.objects.select_related("pembina").annotate(n_datasets=Count("datasets", distinct=True))
    if q:
        qs = qs.filter(Q(code__icontains=q) | Q(name_id__icontains=q) | Q(name_en__icontains=q))
    return qs.order_by("code")


def classifications(q: str = "") -> QuerySet[Classification]:
    qs = Classification.objects.annotate(n_items=Count("items", distinct=True))
    if q:
        qs = qs.filter(Q(code__icontains=q) | Q(name__icontains=q))
    return qs.order_by("code")


def activities(q: str = "") -> QuerySet[StatisticalActivity]:
    qs = StatisticalActivity.objects.select_related("organization")
    if q:
        qs = qs.filter(Q(code__icontains=q) | Q(title__icontains=q))
    return qs.order_by("-year", "code")
