"""Reads of the workflow, applying the caller's visibility: the review queue, conflicts, the one
official number per cell, and completeness of the Daftar Data."""

from __future__ import annotations

import datetime
import statistics
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils import timezone

from simpul.datasets.selectors import public_observations
from simpul.organizations.models import Organization

from . import rules
from .models import (
    ConflictCase,
    ConflictStatus,
    DataPlan,
    IndicatorRule,
    MaskedFile,
    Notification,
    PiiResolution,
    PlanItem,
    Submission,
    SubmissionStatus,
)


def plans_visible(user: Any) -> QuerySet[DataPlan]:
    qs = DataPlan.objects.select_related("organization")
    if rules.is_walidata(user) or rules.is_pembina(user):
        return qs
    return qs.filter(organization_id__in=rules.producer_orgs(user))


def submissions_visible(user: Any) -> QuerySet[Submission]:
    """Walidata and pembina see all; producers only their own organization's (never another OPD's)."""
    qs = Submission.objects.select_related(
        "item__indicator", "item__plan", "item__dataset", "producer", "run"
    )
    if rules.is_walidata(user) or rules.is_pembina(user):
        return qs
    return qs.filter(producer_id__in=rules.producer_orgs(user))


def review_queue(user: Any) -> QuerySet[Submission]:
    """What waits for this user: walidata - submitted and ready to publish; pembina - data prioritas
    verified; producers - their returned submissions and the ones in checks."""
    qs = submissions_visible(user)
    if rules.is_walidata(user):
        return qs.filter(
            Q(status=SubmissionStatus.SUBMITTED)
            | Q(status=SubmissionStatus.VERIFIED, item__priority=False)
            | Q(status=SubmissionStatus.APPROVED)
        )
    if rules.is_pembina(user):
        return qs.filter(status=SubmissionStatus.VERIFIED, item__priority=True)
    return qs.exclude(status__in=[SubmissionStatus.SUPERSEDED, SubmissionStatus.PUBLISHED])


def conflicts_visible(user: Any) -> QuerySet[ConflictCase]:
    qs = ConflictCase.objects.select_related("indicator", "region", "chosen_producer")
    if rules.is_walidata(user) or rules.is_pembina(user):
        return qs
    own = [str(pk) for pk in rules.producer_orgs(user)]
    ids = [c.pk for c in qs if any(p in c.candidates for p in own)]
    return qs.filter(pk__in=ids)


def conflict_candidates(case: ConflictCase) -> list[dict[str, Any]]:
    """The candidates side by side: producer, value, unit, dataset (method), revision history."""
    from simpul.datasets.models import Observation

    rows = []
    orgs = Organization.objects.in_bulk([int(p) for p in case.candidates])
    for pid, value in case.candidates.items():
        history = list(
            Observation.objects.filter(
                indicator_id=case.indicator_id,
                region_id=case.region_id,
                period=case.period,
                disagg=case.disagg,
                producer_id=int(pid),
            )
            .select_related("dataset", "dataset__activity")
            .order_by("valid_from")
        )
        current = history[-1] if history else None
        rows.append(
            {
                "producer": orgs.get(int(pid)),
                "value": value,
                "unit": current.unit if current else "",
                "dataset": current.dataset if current else None,
                "method": (current.dataset.activity.title if current and current.dataset.activity else ""),
                "history": history,
                "chosen": case.chosen_producer_id == int(pid),
            }
        )
    return rows


def official_values(
    *,
    user: Any = None,
    as_of: datetime.datetime | None = None,
    updated_after: datetime.datetime | None = None,
    indicator_ids: list[int] | None = None,
    region_ids: list[str] | None = None,
    period: str | None = None,
    include_alternatives: bool = False,
) -> list[dict[str, Any]]:
    """One official number per indicator x region x period x disaggregation, with its source and a note.

    Built on `simpul.datasets.selectors.public_observations` (published revisions the caller may see).
    The official producer: the walidata's decision (or rounding/default rule) for the cell, else the
    indicator's designated source, else the only producer, else the most recently published value.
    `include_alternatives` adds the other producers' published values. For the API's
    `as_of` / `updated_after` / `include=alternatives`.
    """
    rows = (
        public_observations(
            user=user,
            as_of=as_of,
            updated_after=None,
            indicator_ids=indicator_ids,
            region_ids=region_ids,
            period=period,
        )
        .select_related("producer", "indicator")
        .order_by("indicator_id", "region_id", "period", "disagg", "-published_at")
    )
    cells: dict[tuple[int, str, str, str], list[Any]] = {}
    for obs in rows:
        cells.setdefault((obs.indicator_id, obs.region_id, obs.period, obs.disagg), []).append(obs)
    cases = {
        (c.indicator_id, c.region_id, c.period, c.disagg): c
        for c in ConflictCase.objects.filter(indicator_id__in={k[0] for k in cells})
    }
    sources = dict(
        IndicatorRule.objects.filter(indicator_id__in={k[0] for k in cells}).values_list(
            "indicator_id", "designated_source_id"
        )
    )
    out = []
    for key, candidates in cells.items():
        by_producer = {o.producer_id: o for o in candidates}  # first = latest published per producer
        case = cases.get(key)
        chosen = None
        note = ""
        if case is not None and case.chosen_producer_id in by_producer:  # decided, or last decision
            chosen, note = by_producer[case.chosen_producer_id], case.reason
        elif sources.get(key[0]) in by_producer:
            chosen = by_producer[sources[key[0]]]
        else:
            chosen = candidates[0]
        if updated_after is not None and (
            chosen.published_at is None or chosen.published_at <= updated_after
        ):
            continue
        others = [o for pid, o in by_producer.items() if pid != chosen.producer_id]
        if others and not note:
            note = "Sumber lain tersedia."
        item: dict[str, Any] = {
            "indicator": chosen.indicator.code,
            "region": chosen.region_id,
            "period": chosen.period,
            "disagg": chosen.disagg,
            "value": chosen.value,
            "unit": chosen.unit,
            "source": {"id": chosen.producer_id, "slug": chosen.producer.slug, "name": chosen.producer.name},
            "note": note,
            "published_at": chosen.published_at.isoformat() if chosen.published_at else None,
            "valid_from": chosen.valid_from.isoformat(),
        }
        if include_alternatives:
            item["alternatives"] = [
                {
                    "value": o.value,
                    "unit": o.unit,
                    "source": {"id": o.producer_id, "slug": o.producer.slug, "name": o.producer.name},
                }
                for o in others
            ]
        out.append(item)
    return out


def _median_hours(durations: list[datetime.timedelta]) -> float | None:
    if not durations:
        return None
    return round(statistics.median(d.total_seconds() for d in durations) / 3600, 1)


def completeness(*, user: Any, year: int, organization: Organization | None = None) -> dict[str, Any]:
    """Per producer and for the province: Daftar Data items delivered (late ones included), late
    (first delivery after the due date), missing (due date passed, nothing delivered), pending; open
    conflicts; median hours from submission to publication.
    Producers see only their own organizations; walidata, pembina and pimpinan see all."""
    today = timezone.localdate()
    plans = plans_visible(user).filter(year=year)
    if not (rules.is_walidata(user) or rules.is_pembina(user)):
        from simpul.organizations.choices import Role
        from simpul.organizations.permissions import has_role

        if has_role(user, Role.PIMPINAN):
            plans = DataPlan.objects.select_related("organization").filter(year=year)
    if organization is not None:
        plans = plans.filter(organization=organization)
    items = PlanItem.objects.filter(plan__in=plans).select_related("plan__organization", "indicator")
    subs: dict[int, list[Submission]] = {}
    for sub in Submission.objects.filter(item__in=items).order_by("submitted_at"):
        subs.setdefault(sub.item_id, []).append(sub)
    open_cases = list(ConflictCase.objects.filter(status=ConflictStatus.OPEN))
    per_org: dict[int, dict[str, Any]] = {}
    all_durations: list[datetime.timedelta] = []
    total = {"items": 0, "delivered": 0, "late": 0, "missing": 0, "pending": 0}
    for item in items:
        org = item.plan.organization
        row = per_org.setdefault(
            org.pk,
            {
                "organization": {"id": org.pk, "slug": org.slug, "name": org.name},
                "items": 0,
                "delivered": 0,
                "late": 0,
                "missing": 0,
                "pending": 0,
                "open_conflicts": sum(1 for c in open_cases if str(org.pk) in c.candidates),
                "_durations": [],
                "late_items": [],
                "missing_items": [],
            },
        )
        delivered = subs.get(item.pk, [])
        label = {
            "id": item.pk,
            "indicator": item.indicator.code,
            "name": item.indicator.name_id,
            "region": item.region_id,
            "period": item.period,
            "due_date": item.due_date.isoformat(),
        }
        if delivered:
            first = delivered[0].submitted_at
            state = "late" if timezone.localdate(first) > item.due_date else "delivered"
            if state == "late":
                row["late_items"].append(label)
            published = [s for s in delivered if s.published_at]
            if published:
                row["_durations"].append(published[0].published_at - published[0].submitted_at)  # type: ignore[operator]
        elif item.due_date < today:
            state = "missing"
            row["missing_items"].append(label)
        else:
            state = "pending"
        for key in {"items", state, "delivered" if state == "late" else state}:
            row[key] += 1
            total[key] += 1
    producers = []
    for row in sorted(per_org.values(), key=lambda r: r["organization"]["name"]):
        durations = row.pop("_durations")
        all_durations += durations
        row["median_hours_to_publication"] = _median_hours(durations)
        producers.append(row)
    return {
        "year": year,
        "province": {
            **total,
            "open_conflicts": len(open_cases)
            if organization is None
            else sum(p["open_conflicts"] for p in producers),
            "median_hours_to_publication": _median_hours(all_durations),
        },
        "producers": producers,
    }


def submission_for_run(run: Any) -> Submission | None:
    """The latest submission that carried this upload (IngestRun), if any."""
    return (
        Submission.objects.select_related("item__indicator", "item__plan")
        .filter(run_id=run.pk)
        .order_by("-submitted_at", "-pk")
        .first()
    )


def plan_items_for_run(user: Any, run: Any) -> list[PlanItem]:
    """The Daftar Data items this user may deliver the upload against: the run's producer and dataset.
    Items whose indicator and period occur in the upload's values come first (or alone, when any do)."""
    from simpul.datasets.models import Observation

    if not rules.can_submit(user, run.producer_id):
        return []
    items = list(
        PlanItem.objects.select_related("indicator", "region", "plan")
        .filter(plan__organization_id=run.producer_id, dataset_id=run.dataset_id)
        .order_by("-plan__year", "due_date", "pk")
    )
    cells = set(Observation.objects.filter(run_id=run.pk).values_list("indicator_id", "period").distinct())
    matching = [i for i in items if (i.indicator_id, i.period) in cells]
    return matching or items


def notifications_for(user: Any) -> QuerySet[Notification]:
    return Notification.objects.filter(user_id=getattr(user, "pk", 0) or 0)


def unread_count(user: Any) -> int:
    """One indexed COUNT per page for the header's counter."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return notifications_for(user).filter(read_at__isnull=True).count()


def resource_download(user: Any, resource: Any) -> tuple[Any, bool]:
    """(file, is_masked) for a dataset file the user may already see through its dataset.

    The producer's people, walidata and pembina get the original. Everyone else gets the masked copy once
    the walidata masked the file's personal data, nothing while a finding on it is still open, and the
    original when no personal data was found or it was declared lawful to publish."""
    if rules.can_see_org_work(user, resource.dataset.producer_id):
        return resource.file, False
    findings = resource.pii_findings.all()
    if findings.filter(resolution=PiiResolution.OPEN).exists():
        raise PermissionDenied("pii_pending")
    if findings.filter(resolution=PiiResolution.MASKED).exists():
        copy = MaskedFile.objects.filter(resource=resource).first()
        if copy is None:  # masked, yet the copy is gone: never fall back to the original
            raise PermissionDenied("masked_copy_missing")
        return copy.file, True
    return resource.file, False
