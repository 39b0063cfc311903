"""Writes of evaluations: open, answer per layer, evidence, stage transitions, assignments.

Every function is keyword-only, checks permission (refusing evaluations the actor cannot see), validates,
writes inside one transaction and records an audit entry. Each layer's answers are written only by the
layer's own role while the evaluation is at that layer; no function touches another layer's rows.
Optimistic concurrency: answers and evaluations carry a `version`; a caller that passes the version it
read gets `StaleVersion` when somebody else saved in between.
"""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from simpul.core.audit import record, snapshot
from simpul.organizations.choices import Role
from simpul.organizations.models import Organization
from simpul.organizations.permissions import require

from . import evaluations as ev
from .evidence import EvidenceRejected, check_file
from .models import Answer, Evaluation, EvaluationAccess, Evidence, Framework, Indicator, Layer, Verdict


class StaleVersion(Exception):
    """Somebody else saved first; reload and try again."""


NEXT_STATUS = {"mandiri": "verifikasi", "verifikasi": "eksternal", "eksternal": "reviu", "reviu": "selesai"}
STAMP = {
    "mandiri": "submitted_at",
    "verifikasi": "verified_at",
    "eksternal": "assessed_at",
    "reviu": "finished_at",
}


def _require_visible(actor: Any, evaluation: Evaluation) -> None:
    if ev.get_visible(actor, evaluation.pk) is None:
        raise PermissionDenied(_("Evaluasi ini bukan milik instansi Anda."))


def _lock(evaluation: Evaluation, version: int | None) -> Evaluation:
    locked = (
        Evaluation.objects.select_for_update().select_related("framework", "instansi").get(pk=evaluation.pk)
    )
    if version is not None and locked.version != version:
        raise StaleVersion(_("Evaluasi sudah diubah orang lain. Muat ulang halaman lalu coba lagi."))
    return locked


def open_evaluation(
    *,
    actor: Any,
    framework: Framework,
    instansi: Organization,
    year: int,
    target_index: Decimal | None = None,
) -> Evaluation:
    require(
        ev.openable_instansi(actor).filter(pk=instansi.pk).exists(),
        _("Hanya Koordinator SPBE instansi ini atau admin yang dapat membuka evaluasi."),
    )
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": _("Tahun tidak wajar.")})
    if target_index is not None and not Decimal(1) <= target_index <= Decimal(5):
        raise ValidationError({"target_index": _("Target indeks harus antara 1 dan 5.")})
    try:
        with transaction.atomic():
            evaluation = Evaluation.objects.create(
                framework=framework, instansi=instansi, year=year, target_index=target_index, opened_by=actor
            )
            record(
                actor=actor, action="assessment.evaluation_opened", obj=evaluation, after=snapshot(evaluation)
            )
    except IntegrityError as exc:
        raise ValidationError(
            _("Evaluasi %(framework)s untuk instansi ini tahun %(year)s sudah ada.")
            % {"framework": framework.index_name, "year": year}
        ) from exc
    return evaluation


def assign_access(
    *, actor: Any, evaluation: Evaluation, organization: Organization, role: str
) -> EvaluationAccess:
    """Give an organization's asesor eksternal or tim reviu members access to this evaluation."""
    _require_visible(actor, evaluation)
    require(ev.may_assign(actor, evaluation), _("Hanya Koordinator SPBE atau admin yang dapat menugaskan."))
    if role not in (Role.ASESOR_EKSTERNAL, Role.TIM_REVIU):
        raise ValidationError({"role": _("Peran penugasan harus asesor eksternal atau tim reviu.")})
    with transaction.atomic():
        access, created = EvaluationAccess.objects.get_or_create(
            evaluation=evaluation, organization=organization, role=role, defaults={"granted_by": actor}
        )
        if created:
            record(
                actor=actor,
                action="assessment.access_granted",
                obj=evaluation,
                after={"organization": organization.slug, "role": role},
            )
    return access


def _clean_answer(
    layer: str, level: int | None, verdict: str, note: str, justification: str
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if level is not None and (isinstance(level, bool) or level not in (1, 2, 3, 4, 5)):
        errors["level"] = _("Tingkat harus 1 sampai 5.")
    if layer in (Layer.VERIFIKASI, Layer.EKSTERNAL) and level is None:
        errors["level"] = _("Pilih tingkat.")
    if layer == Layer.REVIU:
        if verdict not in Verdict.values:
            errors["verdict"] = _("Pilih Valid atau Tidak Valid.")
        elif verdict == Verdict.TIDAK_VALID and not note.strip():
            errors["note"] = _("Catatan wajib diisi bila hasil Tidak Valid.")
        if level is not None and verdict != Verdict.TIDAK_VALID:
            errors["level"] = _("Tingkat koreksi hanya untuk hasil Tidak Valid.")
    elif verdict:
        errors["verdict"] = _("Hasil reviu hanya diisi oleh Tim Reviu.")
    if layer != Layer.EKSTERNAL and justification.strip():
        errors["justification"] = _("Justifikasi hasil diisi oleh asesor eksternal.")
    return errors


def save_answer(
    *,
    actor: Any,
    evaluation: Evaluation,
    indicator_number: int,
    layer: str,
    level: int | None = None,
    fakta: str = "",
    analisis: str = "",
    justification: str = "",
    verdict: str = "",
    note: str = "",
    version: int | None = None,
) -> Answer:
    """Create or update the actor's own layer answer for one indicator (a draft until the stage closes)."""
    _require_visible(actor, evaluation)
    if layer not in Layer.values:
        raise ValidationError({"layer": _("Lapisan tidak dikenal.")})
    errors = _clean_answer(layer, level, verdict, note, justification)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = _lock(evaluation, None)
        require(
            ev.may_write_layer(actor, locked, layer),
            _("Anda tidak dapat mengisi lapisan ini pada tahap evaluasi sekarang."),
        )
        indicator = Indicator.objects.filter(framework=locked.framework, number=indicator_number).first()
        if indicator is None:
            raise ValidationError({"indicator": _("Indikator tidak ada dalam kerangka ini.")})
        answer = (
            Answer.objects.select_for_update()
            .filter(evaluation=locked, indicator=indicator, layer=layer)
            .first()
        )
        before = snapshot(answer) if answer else None
        if answer is None:
            if version not in (None, 0):
                raise StaleVersion(_("Jawaban ini sudah dihapus atau belum ada. Muat ulang halaman."))
            answer = Answer(evaluation=locked, indicator=indicator, layer=layer, version=1)
        else:
            if version is not None and answer.version != version:
                raise StaleVersion(
                    _("Jawaban ini sudah diubah orang lain. Muat ulang halaman lalu coba lagi.")
                )
            answer.version += 1
        answer.level = level
        answer.fakta, answer.analisis = fakta.strip(), analisis.strip()
        answer.justification, answer.verdict, answer.note = justification.strip(), verdict, note.strip()
        answer.updated_by = actor
        answer.save()
        record(
            actor=actor,
            action="assessment.answer_saved",
            obj=locked,
            before=before,
            after=snapshot(answer),
            message=f"{layer} #{indicator_number}",
        )
    return answer


def add_evidence(
    *,
    actor: Any,
    evaluation: Evaluation,
    indicator_number: int,
    title: str,
    document_date: date,
    upload: Any = None,
    url: str = "",
) -> Evidence:
    """Attach a file (checked by content, size and the scanner hook) or a link to one indicator."""
    _require_visible(actor, evaluation)
    layer = ev.current_layer(evaluation)
    require(
        layer != Layer.REVIU and ev.may_write_layer(actor, evaluation, layer),
        _("Anda tidak dapat menambah bukti dukung pada tahap ini."),
    )
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = _("Judul bukti wajib diisi.")
    if (upload is None) == (not url.strip()):
        errors["file"] = _("Unggah satu berkas atau isi satu tautan.")
    if document_date > timezone.localdate():
        errors["document_date"] = _("Tanggal dokumen tidak boleh di masa depan.")
    if url.strip():
        try:
            URLValidator(schemes=["http", "https"])(url.strip())
        except ValidationError:
            errors["url"] = _("Tautan harus alamat http atau https yang sah.")
    if errors:
        raise ValidationError(errors)
    checked = None
    if upload is not None:
        try:
            checked = check_file(upload)
        except EvidenceRejected as exc:
            raise ValidationError({"file": str(exc)}) from exc
    indicator = Indicator.objects.filter(framework=evaluation.framework, number=indicator_number).first()
    if indicator is None:
        raise ValidationError({"indicator": _("Indikator tidak ada dalam kerangka ini.")})
    with transaction.atomic():
        item = Evidence(
            evaluation=evaluation,
            indicator=indicator,
            layer=layer,
            title=title.strip()[:200],
            url=url.strip(),
            document_date=document_date,
            uploaded_by=actor,
        )
        if checked is not None:
            item.original_name = str(getattr(upload, "name", ""))[:255]
            item.content_type, item.size, item.sha256 = (
                checked.content_type,
                len(checked.data),
                checked.sha256,
            )
            item.file.save(f"{uuid.uuid4().hex}.{checked.extension}", ContentFile(checked.data), save=False)
        item.save()
        record(actor=actor, action="assessment.evidence_added", obj=evaluation, after=snapshot(item))
    return item


def advance(*, actor: Any, evaluation: Evaluation, version: int | None = None) -> Evaluation:
    """Close the current stage: submit mandiri, verify, finish external assessment, or finish the review.

    Verification accepts the self-assessed level of every indicator the penanggung jawab did not change
    (written as the penanggung jawab's own verification answers).
    """
    _require_visible(actor, evaluation)
    with transaction.atomic():
        locked = _lock(evaluation, version)
        status = locked.status
        require(ev.may_advance(actor, locked), _("Anda tidak dapat menutup tahap ini."))
        if status == "verifikasi":
            mandiri = {
                a.indicator_id: a for a in Answer.objects.filter(evaluation=locked, layer=Layer.MANDIRI)
            }
            have = set(
                Answer.objects.filter(evaluation=locked, layer=Layer.VERIFIKASI).values_list(
                    "indicator_id", flat=True
                )
            )
            Answer.objects.bulk_create(
                Answer(
                    evaluation=locked,
                    indicator_id=indicator_id,
                    layer=Layer.VERIFIKASI,
                    level=answer.level,
                    note=_("Disetujui sesuai penilaian mandiri."),
                    updated_by=actor,
                )
                for indicator_id, answer in mandiri.items()
                if indicator_id not in have
            )
        missing = ev.missing(locked, ev.current_layer(locked))
        if missing:
            raise ValidationError(
                _("Belum lengkap: %(count)s indikator (%(numbers)s).")
                % {"count": len(missing), "numbers": ", ".join(str(n) for n in missing[:10])}
            )
        before = snapshot(locked)
        locked.status = NEXT_STATUS[status]
        setattr(locked, STAMP[status], timezone.now())
        locked.version += 1
        locked.save()
        record(
            actor=actor,
            action=f"assessment.evaluation_{status}_closed",
            obj=locked,
            before=before,
            after=snapshot(locked),
        )
    return locked
