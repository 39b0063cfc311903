"""Upload runs (one per file sent) and remembered column mappings."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RunStatus(models.TextChoices):
    PENDING = "menunggu", _("Menunggu")
    PARSING = "membaca", _("Membaca berkas")
    VALIDATING = "memeriksa", _("Memeriksa")
    COMMITTING = "menyimpan", _("Menyimpan")
    INVALID = "ditolak", _("Ditolak (ada kesalahan)")
    VALID = "valid", _("Valid (belum disimpan)")
    COMMITTED = "tersimpan", _("Tersimpan")
    DUPLICATE = "duplikat", _("Berkas yang sama sudah pernah disimpan")
    FAILED = "gagal", _("Gagal")


FINISHED = {RunStatus.INVALID, RunStatus.VALID, RunStatus.COMMITTED, RunStatus.DUPLICATE, RunStatus.FAILED}


class IngestRun(models.Model):
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pengunggah"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    producer = models.ForeignKey(
        "organizations.Organization", verbose_name=_("produsen"), on_delete=models.PROTECT, related_name="+"
    )
    dataset = models.ForeignKey(
        "datasets.Dataset", verbose_name=_("dataset"), on_delete=models.PROTECT, related_name="ingest_runs"
    )
    file_name = models.CharField(_("nama berkas"), max_length=255)
    file_size = models.PositiveBigIntegerField(_("ukuran (bita)"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    file_format = models.CharField(_("format"), max_length=10, blank=True)
    encoding = models.CharField(_("encoding"), max_length=30, blank=True)
    delimiter = models.CharField(_("pemisah"), max_length=4, blank=True)
    layout = models.CharField(_("tata letak"), max_length=10, blank=True)
    header_signature = models.CharField(_("tanda tangan header"), max_length=64, blank=True)
    mapping = models.JSONField(_("pemetaan kolom"), default=dict, blank=True)
    options = models.JSONField(_("opsi"), default=dict, blank=True)

    status = models.CharField(
        _("status"), max_length=12, choices=RunStatus.choices, default=RunStatus.PENDING
    )
    progress = models.PositiveSmallIntegerField(_("kemajuan (%)"), default=0)
    stage = models.CharField(_("tahap"), max_length=200, blank=True)

    rows_total = models.PositiveIntegerField(_("baris data"), default=0)
    cells_total = models.PositiveIntegerField(_("sel nilai"), default=0)
    cells_empty = models.PositiveIntegerField(_("sel kosong"), default=0)
    error_count = models.PositiveIntegerField(_("jumlah kesalahan"), default=0)
    inserted = models.PositiveIntegerField(_("nilai baru"), default=0)
    revised = models.PositiveIntegerField(_("nilai direvisi"), default=0)
    unchanged = models.PositiveIntegerField(_("nilai tidak berubah"), default=0)
    # The report: {"errors": [...first N...], "summary": {code: count}, "warnings": [...], "truncated": bool}
    report = models.JSONField(_("laporan"), default=dict, blank=True)
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("duplikat dari"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    committed_at = models.DateTimeField(_("disimpan"), null=True, blank=True)
    # Touched at every stage change: a run "in progress" that has not moved for long was killed.
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True, null=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("unggahan data")
        verbose_name_plural = _("unggahan data")
        indexes = [models.Index(fields=["dataset", "producer", "sha256"], name="ingest_run_sha_idx")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.file_name} ({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status in FINISHED


class ColumnMapping(models.Model):
    """The mapping a producer used last time for a file with these headers (the header signature)."""

    producer = models.ForeignKey(
        "organizations.Organization", verbose_name=_("produsen"), on_delete=models.CASCADE, related_name="+"
    )
    header_signature = models.CharField(_("tanda tangan header"), max_length=64)
    headers = models.JSONField(_("header"), default=list)
    mapping = models.JSONField(_("pemetaan kolom"), default=dict)
    options = models.JSONField(_("opsi"), default=dict, blank=True)
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)

    class Meta:
        verbose_name = _("pemetaan kolom")
        verbose_name_plural = _("pemetaan kolom")
        constraints = [
            models.UniqueConstraint(fields=["producer", "header_signature"], name="column_mapping_unique")
        ]

    def __str__(self) -> str:
        return f"{self.producer_id}:{self.header_signature[:12]}"


class UploadedFile(models.Model):
    """The bytes of an upload, kept until its run has finished, so a background task (or a retry) can read
    them. Removed when the run is stored or refused; kept while the run is pending or failed."""

    run = models.OneToOneField(
        IngestRun, verbose_name=_("unggahan"), on_delete=models.CASCADE, related_name="upload"
    )
    content = models.BinaryField(_("isi berkas"))
    dry_run = models.BooleanField(_("hanya periksa"), default=False)
    submitted_at = models.DateTimeField(_("dikirim"), null=True, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("berkas unggahan")
        verbose_name_plural = _("berkas unggahan")

    def __str__(self) -> str:
        return f"{self.run_id}"
