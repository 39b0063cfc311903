"""Every write of the walidata workflow: permission-checked, version-checked, audited, notified.

    plan = plan_create(actor=u, organization=org, year=2026)
    item = plan_add_item(actor=u, plan=plan, dataset=ds, indicator=ind, region=r, period="2025", due_date=d)
    plan_agree(actor=walidata, plan=plan, expected_version=plan.version)
    sub = submission_create(actor=u, item=item, run=run)           # after ingest_file committed the run
    submission_return(actor=walidata, submission=sub, expected_version=sub.version, notes=["..."])
    submission_verify(...); submission_approve(...)  # pembina, data prioritas only
    submission_publish(actor=walidata, submission=sub, expected_version=sub.version)
    conflict_decide(actor=walidata, case=case, producer=bps, reason="...", expected_version=case.version)

A version mismatch raises StaleError with a message for the one who came second.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import IntegrityError, models, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from simpul.core.audit import record
from simpul.datasets.models import Dataset, Observation
from simpul.datasets.publication import publish_revisions
from simpul.ingest.models import IngestRun, RunStatus
from simpul.organizations.choices import Role
from simpul.organizations.models import Membership, Organization
from simpul.organizations.permissions import require
from simpul.regions.models import Region
from simpul.standards.models import Indicator

from . import masking, pii, rules
from .models import (
    ConflictCase,
    ConflictStatus,
    DataPlan,
    IndicatorRule,
    MaskedFile,
    Notification,
    PiiFinding,
    PiiResolution,
    PlanItem,
    PlanStatus,
    ReviewNote,
    Submission,
    SubmissionStatus,
)

log = logging.getLogger(__name__)

ACTIVE = (
    SubmissionStatus.SUBMITTED,
    SubmissionStatus.RETURNED,
    SubmissionStatus.VERIFIED,
    SubmissionStatus.APPROVED,
)


class StaleError(Exception):
    """Somebody else acted first (the version changed) or the state no longer allows the action."""


# -- notifications ---------------------------------------------------------------------------------


def _users_with(*roles: str, organization_id: int | None = None) -> list[Any]:
    q = Membership.objects.filter(role__in=roles)
    if organization_id is not None:
        q = q.filter(organization_id=organization_id)
    return list(get_user_model().objects.filter(pk__in=q.values("user_id"), is_active=True))


def notify(users: Iterable[Any], subject: str, link: str = "") -> None:
    """In-app notification for each user and an e-mail after commit (console backend in the demo)."""
    people = {u.pk: u for u in users if u is not None}.values()
    Notification.objects.bulk_create([Notification(user=u, subject=subject[:200], link=link) for u in people])
    recipients = sorted({u.email for u in people if u.email})
    if not recipients:
        return
    site = getattr(settings, "SIMPUL_SITE_URL", "").rstrip("/")

    def send() -> None:
        try:
            name = getattr(settings, "SIMPUL_SITE_NAME", "Simpul")
            send_mail(f"[{name}] {subject}", f"{subject}\n\n{site}{link}", None, recipients)
        except Exception:
            log.exception("workflow notification to %s failed", recipients)

    transaction.on_commit(send)


def _walidata() -> list[Any]:
    return _users_with(Role.WALIDATA)


def _producers(org_id: int) -> list[Any]:
    return _users_with(*rules.PRODUCER_ROLES, organization_id=org_id)


def _link(sub: Submission) -> str:
    return reverse("reconcile:submission", args=[sub.pk])


# -- versioned updates -----------------------------------------------------------------------------


def _bump(
    model: type[models.Model], obj: Any, expected: int, statuses: Iterable[str] | None, **fields: Any
) -> None:
    """Update `obj` only if nobody changed it since the caller read `expected`; then reload it."""
    qs = model._default_manager.filter(pk=obj.pk, version=expected)
    if statuses is not None:
        qs = qs.filter(status__in=list(statuses))
    if qs.update(version=F("version") + 1, **fields) != 1:
        obj.refresh_from_db()
        raise StaleError(
            _(
                "Data ini sudah diubah orang lain (sekarang berstatus “%(status)s”). "
                "Muat ulang halaman, periksa perubahannya, lalu ulangi bila masih perlu."
            )
            % {"status": obj.get_status_display()}
        )
    obj.refresh_from_db()


# -- Perencanaan: Daftar Data ----------------------------------------------------------------------


def plan_create(*, actor: Any, organization: Organization, year: int) -> DataPlan:
    require(rules.can_edit_plan(actor, organization.pk), _("Anda tidak berwenang menyusun daftar data ini."))
    with transaction.atomic():
        plan, created = DataPlan.objects.get_or_create(organization=organization, year=year)
        if created:
            record(actor=actor, action="reconcile.plan_create", obj=plan, after={"year": year})
    return plan


def plan_add_item(
    *,
    actor: Any,
    plan: DataPlan,
    dataset: Dataset,
    indicator: Indicator,
    region: Region,
    period: str,
    due_date: datetime.date,
    priority: bool = False,
) -> PlanItem:
    _require_plan_change(actor, plan)
    if dataset.producer_id != plan.organization_id and not rules.is_walidata(actor):
        raise ValidationError(_("Dataset ini milik produsen lain."))
    with transaction.atomic():
        item = PlanItem.objects.create(
            plan=plan,
            dataset=dataset,
            indicator=indicator,
            region=region,
            period=period,
            due_date=due_date,
            priority=priority,
        )
        record(
            actor=actor,
            action="reconcile.plan_item_add",
            obj=item,
            after={
                "plan": plan.pk,
                "indicator": indicator.code,
                "region": region.pk,
                "period": period,
                "due_date": due_date.isoformat(),
                "priority": priority,
            },
        )
    return item


def _require_plan_change(actor: Any, plan: DataPlan) -> None:
    require(
        rules.can_edit_plan(actor, plan.organization_id), _("Anda tidak berwenang mengubah daftar data ini.")
    )
    if plan.status == PlanStatus.AGREED and not rules.is_walidata(actor):
        raise ValidationError(_("Daftar data sudah disepakati; hanya walidata yang dapat mengubahnya."))


def _item_state(item: PlanItem) -> dict[str, Any]:
    return {"region": item.region_id, "period": item.period, "due_date": item.due_date.isoformat(),
            "priority": item.priority}  # fmt: skip


def plan_item_update(
    *, actor: Any, item: PlanItem, due_date: datetime.date, priority: bool, region: Region, period: str
) -> PlanItem:
    """Change an item's schedule and priority; its region and period only while nothing was delivered."""
    _require_plan_change(actor, item.plan)
    delivered = item.submissions.exists()
    if delivered and (region.pk != item.region_id or period != item.period):
        raise ValidationError(
            _("Wilayah dan periode tidak dapat diubah: butir ini sudah punya setoran. Tambahkan butir baru.")
        )
    with transaction.atomic():
        before = _item_state(item)
        item.due_date, item.priority, item.region, item.period = due_date, priority, region, period
        item.full_clean()
        item.save()
        record(
            actor=actor, action="reconcile.plan_item_update", obj=item, before=before, after=_item_state(item)
        )
    return item


def plan_item_delete(*, actor: Any, item: PlanItem) -> None:
    _require_plan_change(actor, item.plan)
    if item.submissions.exists():
        raise ValidationError(_("Butir ini sudah punya setoran, sehingga tidak dapat dihapus."))
    with transaction.atomic():
        record(actor=actor, action="reconcile.plan_item_delete", obj=item, before=_item_state(item))
        item.delete()


def plan_agree(*, actor: Any, plan: DataPlan, expected_version: int) -> DataPlan:
    require(rules.is_walidata(actor), _("Hanya walidata yang dapat menyepakati daftar data."))
    with transaction.atomic():
        _bump(
            DataPlan,
            plan,
            expected_version,
            [PlanStatus.DRAFT],
            status=PlanStatus.AGREED,
            agreed_by=actor,
            agreed_at=timezone.now(),
        )
        record(actor=actor, action="reconcile.plan_agree", obj=plan, after={"status": plan.status})
        notify(
            _producers(plan.organization_id),
            _("Daftar data %(year)s disepakati") % {"year": plan.year},
            reverse("reconcile:plan", args=[plan.pk]),
        )
    return plan


def _shift_period(period: str, years: int) -> str:
    head, sep, tail = period.partition("-")
    return f"{int(head) + years}{sep}{tail}" if head.isdigit() else period


def plan_copy_forward(*, actor: Any, plan: DataPlan, year: int | None = None) -> DataPlan:
    """Copy a Daftar Data to the next year (periods and due dates shifted), as a new draft."""
    year = year or plan.year + 1
    require(
        rules.can_edit_plan(actor, plan.organization_id), _("Anda tidak berwenang menyusun daftar data ini.")
    )
    years = year - plan.year
    with transaction.atomic():
        new, created = DataPlan.objects.get_or_create(organization=plan.organization, year=year)
        if not created and new.items.exists():
            raise ValidationError(_("Daftar data tahun %(year)s sudah berisi butir.") % {"year": year})
        for item in plan.items.all():
            try:
                due = item.due_date.replace(year=item.due_date.year + years)
            except ValueError:  # 29 Februari
                due = item.due_date.replace(year=item.due_date.year + years, day=28)
            PlanItem.objects.create(
                plan=new,
                dataset_id=item.dataset_id,
                indicator_id=item.indicator_id,
                region_id=item.region_id,
                period=_shift_period(item.period, years),
                due_date=due,
                priority=item.priority,
            )
        record(actor=actor, action="reconcile.plan_copy", obj=new, after={"from": plan.pk, "year": year})
    return new


# -- Pengumpulan -----------------------------------------------------------------------------------


def _item_observations(
    item: PlanItem, producer_id: int, current: bool = True
) -> models.QuerySet[Observation]:
    qs = Observation.objects.filter(
        dataset_id=item.dataset_id,
        producer_id=producer_id,
        indicator_id=item.indicator_id,
        period=item.period,
    ).filter(Q(region_id=item.region_id) | Q(region__code__startswith=f"{item.region_id}."))
    return qs.filter(valid_to__isnull=True) if current else qs


def submission_create(
    *, actor: Any, item: PlanItem, run: IngestRun | None = None, text: str = "", content: bytes | None = None
) -> Submission:
    """Deliver against a Daftar Data item. Replaces the producer's earlier, unpublished submission of
    the item (which the walidata can then no longer verify or publish: they are told it was replaced).
    `content`, when given, is the uploaded file, scanned for personal data with `text`."""
    producer_id = item.plan.organization_id
    require(rules.can_submit(actor, producer_id), _("Anda tidak berwenang menyetor data untuk produsen ini."))
    if run is not None and (
        run.status not in (RunStatus.COMMITTED, RunStatus.DUPLICATE)
        or run.dataset_id != item.dataset_id
        or run.producer_id != producer_id
    ):
        raise ValidationError(_("Unggahan ini belum tersimpan atau bukan untuk butir daftar data ini."))
    now = timezone.now()
    with transaction.atomic():
        if run is not None:
            # One upload is delivered once per Daftar Data item, whoever asks (page, API, command); the
            # run's row lock makes two simultaneous requests take turns, so the second sees the first.
            IngestRun.objects.select_for_update().filter(pk=run.pk).first()
            delivered = Submission.objects.filter(run_id=run.pk, item=item).exclude(
                status=SubmissionStatus.SUPERSEDED
            )
            if delivered.exists():
                raise ValidationError(_("Unggahan ini sudah disetor ke walidata untuk butir ini."))
        replaced = list(
            Submission.objects.select_for_update()
            .filter(item=item, producer_id=producer_id, status__in=ACTIVE)
            .values_list("pk", "status")
        )
        if replaced:
            Submission.objects.filter(pk__in=[pk for pk, _s in replaced]).update(
                status=SubmissionStatus.SUPERSEDED, version=F("version") + 1
            )
        sub = Submission.objects.create(
            item=item,
            run=run,
            producer_id=producer_id,
            submitted_by=actor if getattr(actor, "pk", None) else None,
            submitted_at=now,
            text=text,
        )
        for finding in pii.scan(text=text, content=content, file_name=run.file_name if run else ""):
            PiiFinding.objects.create(submission=sub, **finding)
        for finding in pii.scan_dataset(item.dataset):
            PiiFinding.objects.create(submission=sub, **finding)
        record(
            actor=actor,
            action="reconcile.submit",
            obj=sub,
            after={
                "item": item.pk,
                "run": run.pk if run else None,
                "replaced": [pk for pk, _s in replaced],
                "pii_findings": sub.pii_findings.count(),
            },
        )
        detect_conflicts(indicator_id=item.indicator_id, period=item.period, region_prefix=item.region_id)
        notify(_walidata(), _("Setoran data baru: %(item)s") % {"item": item}, _link(sub))
    sub.replaced_statuses = [s for _pk, s in replaced]  # type: ignore[attr-defined]
    return sub


# -- Pemeriksaan -----------------------------------------------------------------------------------


def submission_return(
    *, actor: Any, submission: Submission, expected_version: int, notes: list[str]
) -> Submission:
    require(
        rules.is_walidata(actor) or (submission.item.priority and rules.is_pembina(actor)),
        _("Hanya walidata yang dapat mengembalikan setoran."),
    )
    notes = [n.strip() for n in notes if n and n.strip()]
    if not notes:
        raise ValidationError(_("Tuliskan paling sedikit satu catatan masalah."))
    with transaction.atomic():
        _bump(
            Submission,
            submission,
            expected_version,
            [SubmissionStatus.SUBMITTED, SubmissionStatus.VERIFIED],
            status=SubmissionStatus.RETURNED,
        )
        ReviewNote.objects.bulk_create(
            [ReviewNote(submission=submission, author=actor, text=n) for n in notes]
        )
        record(actor=actor, action="reconcile.return", obj=submission, after={"notes": notes})
        notify(
            _producers(submission.producer_id),
            _("Setoran dikembalikan: %(s)s") % {"s": submission.item},
            _link(submission),
        )
    return submission


def submission_verify(*, actor: Any, submission: Submission, expected_version: int) -> Submission:
    require(rules.is_walidata(actor), _("Hanya walidata yang dapat memverifikasi setoran."))
    with transaction.atomic():
        _bump(
            Submission,
            submission,
            expected_version,
            [SubmissionStatus.SUBMITTED],
            status=SubmissionStatus.VERIFIED,
            verified_at=timezone.now(),
        )
        record(actor=actor, action="reconcile.verify", obj=submission, after={"status": submission.status})
        people = _producers(submission.producer_id)
        if submission.item.priority:
            people += _users_with(Role.PEMBINA)
        notify(people, _("Setoran diverifikasi: %(s)s") % {"s": submission.item}, _link(submission))
    return submission


def submission_approve(*, actor: Any, submission: Submission, expected_version: int) -> Submission:
    """Data prioritas: the pembina data's check after the walidata's."""
    require(rules.is_pembina(actor), _("Hanya pembina data yang dapat menyetujui data prioritas."))
    if not submission.item.priority:
        raise ValidationError(_("Butir ini bukan data prioritas."))
    with transaction.atomic():
        _bump(
            Submission,
            submission,
            expected_version,
            [SubmissionStatus.VERIFIED],
            status=SubmissionStatus.APPROVED,
        )
        record(actor=actor, action="reconcile.approve", obj=submission, after={"status": submission.status})
        notify(
            _walidata(),
            _("Data prioritas disetujui pembina: %(s)s") % {"s": submission.item},
            _link(submission),
        )
    return submission


def open_conflicts_for(submission: Submission) -> models.QuerySet[ConflictCase]:
    item = submission.item
    return ConflictCase.objects.filter(
        indicator_id=item.indicator_id, period=item.period, status=ConflictStatus.OPEN
    ).filter(Q(region_id=item.region_id) | Q(region__code__startswith=f"{item.region_id}."))


def publication_blockers(submission: Submission) -> list[str]:
    reasons = []
    needed = SubmissionStatus.APPROVED if submission.item.priority else SubmissionStatus.VERIFIED
    if submission.status != needed:
        reasons.append(
            _("Data prioritas harus disetujui pembina data dahulu.")
            if submission.item.priority and submission.status == SubmissionStatus.VERIFIED
            else _("Setoran harus diverifikasi walidata dahulu.")
        )
    if submission.pii_findings.filter(resolution=PiiResolution.OPEN).exists():
        reasons.append(_("Ada data pribadi yang belum disamarkan atau dinyatakan sah dipublikasikan."))
    if open_conflicts_for(submission).exists():
        reasons.append(_("Ada konflik data antarprodusen yang belum diputuskan."))
    return reasons


def submission_publish(*, actor: Any, submission: Submission, expected_version: int) -> Submission:
    """Penyebarluasan: the submission's current values become public (a correction: a new revision)."""
    require(rules.is_walidata(actor), _("Hanya walidata yang dapat mempublikasikan data."))
    blockers = publication_blockers(submission)
    if blockers:
        raise ValidationError(blockers)
    now = timezone.now()
    with transaction.atomic():
        _bump(
            Submission,
            submission,
            expected_version,
            [SubmissionStatus.VERIFIED, SubmissionStatus.APPROVED],
            status=SubmissionStatus.PUBLISHED,
            published_at=now,
        )
        count = publish_revisions(_item_observations(submission.item, submission.producer_id), now=now)
        record(actor=actor, action="reconcile.publish", obj=submission, after={"observations": count})
        notify(
            _producers(submission.producer_id),
            _("Data dipublikasikan: %(s)s") % {"s": submission.item},
            _link(submission),
        )
    return submission


def pii_resolve(*, actor: Any, finding: PiiFinding, resolution: str, reason: str = "") -> PiiFinding:
    """Masked (a masked copy is what gets published; the original stays internal) or lawful, with a reason."""
    require(rules.is_walidata(actor), _("Hanya walidata yang dapat menangani temuan data pribadi."))
    if resolution not in (PiiResolution.MASKED, PiiResolution.LAWFUL):
        raise ValidationError(_("Pilih: disamarkan atau sah dipublikasikan."))
    if resolution == PiiResolution.LAWFUL and not reason.strip():
        raise ValidationError(_("Tuliskan dasar hukum mengapa data ini sah dipublikasikan."))
    with transaction.atomic():
        before = {"resolution": finding.resolution}
        finding.resolution, finding.reason, finding.resolved_by = resolution, reason.strip(), actor
        finding.save(update_fields=["resolution", "reason", "resolved_by"])
        if resolution == PiiResolution.MASKED and finding.resource_id:
            _write_masked_copy(actor, finding.resource)
        elif resolution == PiiResolution.MASKED and finding.location == pii.DATASET_TEXT:
            _mask_dataset_text(actor, finding.submission.item.dataset)
        record(
            actor=actor,
            action="reconcile.pii_resolve",
            obj=finding.submission,
            before=before,
            after={"finding": finding.pk, "kind": finding.kind, "resolution": resolution, "reason": reason},
        )
    return finding


def _write_masked_copy(actor: Any, resource: Any) -> MaskedFile:
    """(Re)write the masked copy of a dataset file from its original; the original is never changed."""
    with resource.file.open("rb") as handle:
        content = handle.read()
    masked = masking.masked_copy(content, resource.format)
    copy = MaskedFile.objects.filter(resource=resource).first() or MaskedFile(resource=resource)
    if copy.file:
        copy.file.delete(save=False)
    name = resource.file.name.rsplit("/", 1)[-1]
    copy.file.save(name, ContentFile(masked), save=False)
    copy.created_by = actor if getattr(actor, "pk", None) else None
    copy.save()
    record(actor=actor, action="reconcile.mask_file", obj=resource, after={"masked_copy": copy.file.name})
    return copy


def _mask_dataset_text(actor: Any, dataset: Dataset) -> None:
    """The dataset's title and description as published get the masked text; the audit log keeps the
    original (government users only)."""
    before = {"title": dataset.title, "description": dataset.description}
    dataset.title, dataset.description = pii.mask_text(dataset.title), pii.mask_text(dataset.description)
    if before != {"title": dataset.title, "description": dataset.description}:
        dataset.save(update_fields=["title", "description", "modified_at"])
        record(actor=actor, action="reconcile.mask_text", obj=dataset, before=before,
               after={"title": dataset.title, "description": dataset.description})  # fmt: skip


# -- Conflicts -------------------------------------------------------------------------------------


def detect_conflicts(*, indicator_id: int, period: str, region_prefix: str = "") -> list[ConflictCase]:
    """Open, update or close conflict cases for the cells of an indicator and period (current values of
    every producer, across datasets). Called by `submission_create`; no permission (system step)."""
    qs = Observation.objects.filter(indicator_id=indicator_id, period=period, valid_to__isnull=True)
    if region_prefix:
        qs = qs.filter(Q(region_id=region_prefix) | Q(region__code__startswith=f"{region_prefix}."))
    cells: dict[tuple[str, str], dict[str, float]] = {}
    for region_id, disagg, producer_id, value in qs.order_by("valid_from").values_list(
        "region_id", "disagg", "producer_id", "value"
    ):
        cells.setdefault((region_id, disagg), {})[str(producer_id)] = value
    rule = IndicatorRule.objects.filter(indicator_id=indicator_id).first()
    tolerance = rule.tolerance if rule else 0.0
    source = str(rule.designated_source_id) if rule and rule.designated_source_id else None
    touched = []
    for (region_id, disagg), values in cells.items():
        case = ConflictCase.objects.filter(
            indicator_id=indicator_id, region_id=region_id, period=period, disagg=disagg
        ).first()
        distinct = set(values.values())
        if len(values) < 2 or len(distinct) == 1:
            if case is not None and case.status == ConflictStatus.OPEN:
                ConflictCase.objects.filter(pk=case.pk).update(
                    status=ConflictStatus.DECIDED,
                    rule="sama",
                    candidates=values,
                    version=F("version") + 1,
                    decided_at=timezone.now(),
                    reason=_("Nilai semua produsen sekarang sama."),
                )
            continue
        if case is not None and case.candidates == values:
            continue  # nothing new: keep the decision (or the open case)
        fields: dict[str, Any] = {"candidates": values, "decided_by": None}
        if max(distinct) - min(distinct) <= tolerance:
            chosen = source if source in values else next(iter(values))
            fields |= {
                "status": ConflictStatus.ROUNDING,
                "rule": "pembulatan",
                "chosen_producer_id": int(chosen),
                "chosen_value": values[chosen],
                "decided_at": timezone.now(),
                "reason": _("Selisih hanya karena pembulatan (toleransi %(t)s).") % {"t": tolerance},
            }
        elif source in values:
            fields |= {
                "status": ConflictStatus.DECIDED,
                "rule": "default",
                "chosen_producer_id": int(source),
                "chosen_value": values[source],
                "decided_at": timezone.now(),
                "reason": _("Aturan indikator: sumber yang ditetapkan."),
            }
        else:
            # (Re)opened. A previous decision is kept as the last one: the public keeps seeing the value
            # it chose (already published) until the walidata decides again.
            fields = {"candidates": values, "status": ConflictStatus.OPEN}
        if case is None:
            key = {"indicator_id": indicator_id, "region_id": region_id, "period": period, "disagg": disagg}
            try:
                with transaction.atomic():  # two producers submitting at once: the second updates
                    case = ConflictCase.objects.create(**key, **fields)
            except IntegrityError:
                case = ConflictCase.objects.get(**key)
                ConflictCase.objects.filter(pk=case.pk).update(version=F("version") + 1, **fields)
                case.refresh_from_db()
        else:
            ConflictCase.objects.filter(pk=case.pk).update(version=F("version") + 1, **fields)
            case.refresh_from_db()
        record(
            actor=None,
            action="reconcile.conflict_detect",
            obj=case,
            after={"status": case.status, "candidates": values, "rule": case.rule},
        )
        if case.status == ConflictStatus.OPEN:
            notify(
                _walidata(),
                _("Konflik data: %(c)s") % {"c": case},
                reverse("reconcile:conflict", args=[case.pk]),
            )
        touched.append(case)
    return touched


def conflict_decide(
    *, actor: Any, case: ConflictCase, producer: Organization, reason: str, expected_version: int
) -> ConflictCase:
    """The walidata chooses the official value among the candidates, with a reason."""
    require(rules.is_walidata(actor), _("Hanya walidata yang dapat memutuskan konflik data."))
    if not reason.strip():
        raise ValidationError(_("Tuliskan alasan pemilihan nilai resmi."))
    if str(producer.pk) not in case.candidates:
        raise ValidationError(_("Produsen ini bukan salah satu kandidat."))
    with transaction.atomic():
        before = {"status": case.status, "chosen_producer": case.chosen_producer_id}
        _bump(
            ConflictCase,
            case,
            expected_version,
            None,
            status=ConflictStatus.DECIDED,
            chosen_producer=producer,
            chosen_value=case.candidates[str(producer.pk)],
            reason=reason.strip(),
            rule="manual",
            decided_by=actor,
            decided_at=timezone.now(),
        )
        record(
            actor=actor,
            action="reconcile.conflict_decide",
            obj=case,
            before=before,
            after={"chosen_producer": producer.slug, "value": case.chosen_value, "reason": case.reason},
        )
        orgs = [int(p) for p in case.candidates]
        notify(
            [u for o in orgs for u in _producers(o)],
            _("Konflik data diputuskan: %(c)s") % {"c": case},
            reverse("reconcile:conflict", args=[case.pk]),
        )
    return case


def mark_read(*, actor: Any, notification: Notification) -> None:
    require(notification.user_id == getattr(actor, "pk", None))
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])


def mark_all_read(*, actor: Any) -> int:
    """Every unread notification of the actor (only theirs) marked read; returns how many."""
    from .selectors import notifications_for

    return notifications_for(actor).filter(read_at__isnull=True).update(read_at=timezone.now())
