"""Every write on follow-ups and dispositions: permission-checked, version-checked, audited, notified.

Optimistic concurrency: each state change takes the `expected_version` the user saw. The row is locked
(select_for_update on PostgreSQL; SQLite's immediate transactions serialise writers) and compared; a
different version raises ConflictError with a message saying what changed, so a second person acting
on a stale page never silently overrides or loses the first person's action.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from simpul.core import audit
from simpul.organizations.models import Membership, Organization
from simpul.organizations.permissions import is_admin, require

from . import rules
from .evidence import validate_evidence
from .models import (
    OPEN_DISPOSITION,
    Disposition,
    DispositionStatus,
    FollowUp,
    FollowUpStatus,
    Instruction,
    Priority,
    SourceKind,
)

log = logging.getLogger(__name__)


class ConflictError(Exception):
    """Somebody else changed the item first, or its state no longer allows the action."""


# -- notifications -------------------------------------------------------------------------------


def _absolute(path: str) -> str:
    return getattr(settings, "SIMPUL_SITE_URL", "").rstrip("/") + path


def _emails(users: Iterable[Any]) -> list[str]:
    return sorted({u.email for u in users if u is not None and u.email and u.is_active})


def notify(users: Iterable[Any], subject: str, body: str) -> None:
    """E-mail the users who have an address, after the transaction commits; a mail failure never
    undoes the action (the in-app unread state still shows it)."""
    recipients = _emails(users)
    if not recipients:
        return

    def send() -> None:
        try:
            send_mail(f"[{settings.SIMPUL_SITE_NAME}] {subject}", body, None, recipients)
        except Exception:  # the action stands; the failure is logged for the operator
            log.exception("follow-up notification to %s failed", recipients)

    transaction.on_commit(send)


def disposition_recipients(disposition: Disposition) -> list[Any]:
    if disposition.to_user is not None:
        return [disposition.to_user]
    User = get_user_model()
    return list(User.objects.filter(memberships__organization=disposition.to_organization_id).distinct())


def followup_link(followup: FollowUp) -> str:
    return _absolute(reverse("pantau:followup-detail", args=[followup.pk]))


# -- helpers ---------------------------------------------------------------------------------------


def _check_version(obj: FollowUp | Disposition, expected_version: int | None) -> None:
    if expected_version is None or obj.version == expected_version:
        return
    if isinstance(obj, FollowUp):
        message = _(
            "Tindak lanjut ini sudah diubah orang lain sejak Anda membukanya (status sekarang: "
            "%(status)s). Muat ulang halaman lalu periksa sebelum mencoba lagi."
        )
    else:
        message = _(
            "Disposisi ini sudah diubah orang lain sejak Anda membukanya (status sekarang: "
            "%(status)s). Muat ulang halaman lalu periksa sebelum mencoba lagi."
        )
    raise ConflictError(message % {"status": obj.get_status_display()})


def _locked_followup(pk: int) -> FollowUp:
    return FollowUp.objects.select_for_update().get(pk=pk)


def _locked_disposition(pk: int) -> Disposition:
    return (
        Disposition.objects.select_for_update(of=("self",)).select_related("followup", "from_user").get(pk=pk)
    )


def _store_evidence(field: Any, upload: Any, stem: str) -> None:
    ext = validate_evidence(upload)
    field.save(f"{stem}{ext}", upload, save=False)


# -- follow-ups ------------------------------------------------------------------------------------


def followup_create(
    *,
    actor: Any,
    title: str,
    owner_organization: Organization,
    due_date: datetime.date,
    description: str = "",
    source_kind: str = SourceKind.OTHER,
    source_object_type: str = "",
    source_object_id: str = "",
    owner_person: Any = None,
    priority: str = Priority.SEDANG,
    srikandi_number: str = "",
) -> FollowUp:
    require(
        rules.can_create(actor),
        _("Hanya pimpinan, koordinator SPBE, walidata atau admin yang dapat membuat tindak lanjut."),
    )
    if (
        owner_person is not None
        and not Membership.objects.filter(user=owner_person, organization=owner_organization).exists()
    ):
        raise ValidationError(
            {"owner_person": _("Penanggung jawab harus anggota organisasi penanggung jawab.")}
        )
    with transaction.atomic():
        followup = FollowUp(
            title=title.strip(),
            description=description,
            source_kind=source_kind,
            source_object_type=source_object_type,
            source_object_id=source_object_id,
            owner_organization=owner_organization,
            owner_person=owner_person,
            due_date=due_date,
            priority=priority,
            srikandi_number=srikandi_number.strip(),
            created_by=actor,
        )
        followup.full_clean()
        followup.save()
        audit.record(actor=actor, action="followup.create", obj=followup, after=audit.snapshot(followup))
        if owner_person is not None and owner_person.pk != actor.pk:
            notify(
                [owner_person],
                _("Tindak lanjut baru: %(title)s") % {"title": followup.title},
                _(
                    'Anda ditunjuk sebagai penanggung jawab tindak lanjut "%(title)s", '
                    "batas waktu %(due)s.\n%(link)s"
                )
                % {
                    "title": followup.title,
                    "due": followup.due_date.isoformat(),
                    "link": followup_link(followup),
                },
            )
    return followup


def followup_complete(
    *, actor: Any, followup: FollowUp, expected_version: int, note: str, evidence: Any = None
) -> FollowUp:
    if not note.strip():
        raise ValidationError({"note": _("Tuliskan catatan penyelesaian.")})
    if evidence is not None:
        validate_evidence(evidence)
    with transaction.atomic():
        obj = _locked_followup(followup.pk)
        require(
            is_admin(actor)
            or obj.created_by_id == actor.pk
            or obj.owner_person_id == actor.pk
            or obj.owner_organization_id in rules.member_org_ids(actor)
            or bool(rules.leads_owner(actor, obj)),
            _("Anda tidak berwenang menyelesaikan tindak lanjut ini."),
        )
        _check_version(obj, expected_version)
        if obj.status == FollowUpStatus.SELESAI:
            raise ConflictError(_("Tindak lanjut ini sudah selesai."))
        before = audit.snapshot(obj)
        if evidence is not None:
            _store_evidence(obj.evidence, evidence, f"tindak-lanjut-{obj.pk}")
        obj.status = FollowUpStatus.SELESAI
        obj.completion_note = note.strip()
        obj.completed_at = timezone.now()
        obj.version += 1
        obj.save()
        audit.record(
            actor=actor, action="followup.complete", obj=obj, before=before, after=audit.snapshot(obj)
        )
        if obj.created_by is not None and obj.created_by_id != actor.pk:
            notify(
                [obj.created_by],
                _("Tindak lanjut selesai: %(title)s") % {"title": obj.title},
                _('%(actor)s menyelesaikan tindak lanjut "%(title)s".\n\n%(note)s\n\n%(link)s')
                % {
                    "actor": actor,
                    "title": obj.title,
                    "note": obj.completion_note,
                    "link": followup_link(obj),
                },
            )
    return obj


# -- dispositions ----------------------------------------------------------------------------------


def dispose(
    *,
    actor: Any,
    followup: FollowUp,
    instruction: str,
    note: str = "",
    to_organizations: Sequence[Organization] = (),
    to_users: Sequence[Any] = (),
    parent: Disposition | None = None,
    expected_version: int | None = None,
) -> list[Disposition]:
    """Dispose a follow-up (or re-dispose `parent`) to organizations and/or people; one disposition each."""
    if instruction not in Instruction.values:
        raise ValidationError({"instruction": _("Pilih instruksi disposisi.")})
    if not to_organizations and not to_users:
        raise ValidationError(_("Pilih sekurang-kurangnya satu penerima disposisi."))
    with transaction.atomic():
        fu = _locked_followup(followup.pk)
        locked_parent = None
        if parent is None:
            require(
                rules.can_dispose(actor, fu), _("Anda tidak berwenang mendisposisikan tindak lanjut ini.")
            )
        else:
            if parent.followup_id != fu.pk:
                raise ValidationError(_("Disposisi induk bukan milik tindak lanjut ini."))
            locked_parent = _locked_disposition(parent.pk)
            require(rules.can_act(actor, locked_parent), _("Disposisi ini tidak ditujukan kepada Anda."))
            _check_version(locked_parent, expected_version)
            if locked_parent.status not in OPEN_DISPOSITION:
                raise ConflictError(
                    _("Disposisi ini sudah %(status)s; tidak dapat didisposisikan lagi.")
                    % {"status": locked_parent.get_status_display().lower()}
                )
        if fu.status == FollowUpStatus.SELESAI:
            raise ConflictError(_("Tindak lanjut ini sudah selesai."))
        orgs_allowed, users_allowed = rules.disposition_targets(actor, fu, locked_parent)
        org_ids = set(orgs_allowed.values_list("pk", flat=True))
        user_ids = set(users_allowed.values_list("pk", flat=True))
        for org in to_organizations:
            if org.pk not in org_ids:
                raise ValidationError(_("Anda tidak dapat mendisposisikan ke %(name)s.") % {"name": org})
        for person in to_users:
            if person.pk not in user_ids:
                raise ValidationError(_("Anda tidak dapat mendisposisikan ke %(name)s.") % {"name": person})
        common = {"followup": fu, "parent": locked_parent, "from_user": actor, "instruction": instruction}
        created = [Disposition(to_organization=org, note=note, **common) for org in to_organizations]
        created += [Disposition(to_user=person, note=note, **common) for person in to_users]
        for d in created:
            d.full_clean()
            d.save()
            audit.record(actor=actor, action="disposition.create", obj=d, after=audit.snapshot(d))
            notify(
                disposition_recipients(d),
                _("Disposisi: %(title)s") % {"title": fu.title},
                _(
                    '%(actor)s mendisposisikan "%(title)s" kepada %(to)s: %(instruction)s.\n%(note)s\n\n'
                    "Batas waktu: %(due)s\n%(link)s"
                )
                % {
                    "actor": actor,
                    "title": fu.title,
                    "to": d.recipient_label,
                    "instruction": d.get_instruction_display(),
                    "note": note,
                    "due": fu.due_date.isoformat(),
                    "link": followup_link(fu),
                },
            )
        if locked_parent is not None and locked_parent.status in (
            DispositionStatus.BELUM_DIBACA,
            DispositionStatus.DIBACA,
        ):
            _start(actor, locked_parent)
        _advance(actor, fu)
    return created


def _advance(actor: Any, fu: FollowUp) -> None:
    """A new follow-up becomes "diproses" once someone disposes or starts work on it."""
    if fu.status != FollowUpStatus.BARU:
        return
    before = audit.snapshot(fu)
    fu.status = FollowUpStatus.DIPROSES
    fu.version += 1
    fu.save()
    audit.record(actor=actor, action="followup.process", obj=fu, before=before, after=audit.snapshot(fu))


def _start(actor: Any, d: Disposition) -> None:
    before = audit.snapshot(d)
    now = timezone.now()
    if d.read_at is None:
        d.read_at, d.read_by = now, actor
    d.status = DispositionStatus.DIPROSES
    d.processing_at = now
    d.version += 1
    d.save()
    audit.record(actor=actor, action="disposition.process", obj=d, before=before, after=audit.snapshot(d))


def mark_read(*, actor: Any, followup: FollowUp) -> int:
    """Mark the follow-up's unread dispositions addressed to the actor as read (the recipient opened it).

    A conditional update, so two members of a receiving organization opening it at once record one read.
    Admins browsing do not mark anything read: only a real recipient does.
    """
    count = 0
    pending = Disposition.objects.filter(followup=followup, status=DispositionStatus.BELUM_DIBACA)
    for d in pending.select_related("to_user"):
        if not rules.is_recipient(actor, d):
            continue
        with transaction.atomic():
            now = timezone.now()
            updated = Disposition.objects.filter(pk=d.pk, status=DispositionStatus.BELUM_DIBACA).update(
                status=DispositionStatus.DIBACA, read_at=now, read_by=actor, version=F("version") + 1
            )
            if updated:
                d.refresh_from_db()
                audit.record(
                    actor=actor,
                    action="disposition.read",
                    obj=d,
                    before={"status": DispositionStatus.BELUM_DIBACA},
                    after={"status": d.status, "read_at": now.isoformat()},
                )
                count += 1
    return count


def disposition_process(*, actor: Any, disposition: Disposition, expected_version: int) -> Disposition:
    with transaction.atomic():
        d = _locked_disposition(disposition.pk)
        require(rules.can_act(actor, d), _("Disposisi ini tidak ditujukan kepada Anda."))
        _check_version(d, expected_version)
        if d.status not in (DispositionStatus.BELUM_DIBACA, DispositionStatus.DIBACA):
            raise ConflictError(
                _("Disposisi ini sudah %(status)s.") % {"status": d.get_status_display().lower()}
            )
        _start(actor, d)
        _advance(actor, _locked_followup(d.followup_id))
    return d


def disposition_complete(
    *, actor: Any, disposition: Disposition, expected_version: int, note: str, evidence: Any = None
) -> Disposition:
    if not note.strip():
        raise ValidationError({"note": _("Tuliskan catatan penyelesaian.")})
    if evidence is not None:
        validate_evidence(evidence)
    with transaction.atomic():
        d = _locked_disposition(disposition.pk)
        require(rules.can_act(actor, d), _("Disposisi ini tidak ditujukan kepada Anda."))
        _check_version(d, expected_version)
        if d.status not in OPEN_DISPOSITION:
            raise ConflictError(
                _("Disposisi ini sudah %(status)s.") % {"status": d.get_status_display().lower()}
            )
        before = audit.snapshot(d)
        if evidence is not None:
            _store_evidence(d.evidence, evidence, f"disposisi-{d.pk}")
        now = timezone.now()
        if d.read_at is None:
            d.read_at, d.read_by = now, actor
        d.status = DispositionStatus.SELESAI
        d.completed_at, d.completed_by = now, actor
        d.completion_note = note.strip()
        d.version += 1
        d.save()
        audit.record(
            actor=actor, action="disposition.complete", obj=d, before=before, after=audit.snapshot(d)
        )
        if d.from_user is not None and d.from_user_id != actor.pk:
            notify(
                [d.from_user],
                _("Disposisi selesai: %(title)s") % {"title": d.followup.title},
                _('%(actor)s menyelesaikan disposisi "%(title)s".\n\n%(note)s\n\n%(link)s')
                % {
                    "actor": actor,
                    "title": d.followup.title,
                    "note": d.completion_note,
                    "link": followup_link(d.followup),
                },
            )
    return d


def disposition_cancel(*, actor: Any, disposition: Disposition, expected_version: int) -> Disposition:
    """Withdraw a disposition, allowed only while nobody has read it (as in SRIKANDI)."""
    with transaction.atomic():
        d = _locked_disposition(disposition.pk)
        require(
            is_admin(actor) or d.from_user_id == actor.pk,
            _("Hanya pengirim disposisi yang dapat membatalkannya."),
        )
        _check_version(d, expected_version)
        if d.status != DispositionStatus.BELUM_DIBACA:
            raise ConflictError(
                _("Disposisi ini sudah %(status)s sehingga tidak dapat dibatalkan lagi.")
                % {"status": d.get_status_display().lower()}
            )
        before = audit.snapshot(d)
        d.status = DispositionStatus.DIBATALKAN
        d.cancelled_at = timezone.now()
        d.version += 1
        d.save()
        audit.record(actor=actor, action="disposition.cancel", obj=d, before=before, after=audit.snapshot(d))
    return d
