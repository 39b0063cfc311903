"""The walidata workflow (Perpres 39/2019): Daftar Data, submissions, checks, conflicts between producers,
personal-data findings and in-app notifications. Observations themselves stay in simpul.datasets."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanStatus(models.TextChoices):
    DRAFT = "draf", _("Draf")
    AGREED = "disepakati", _("Disepakati walidata")


class DataPlan(models.Model):
    """A producer's Daftar Data for one year."""

    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("produsen data"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    status = models.CharField(
        _("status"), max_length=12, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    agreed_at = models.DateTimeField(_("disepakati"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "organization__name"]
        verbose_name = _("daftar data")
        verbose_name_plural = _("daftar data")
        constraints = [models.UniqueConstraint(fields=["organization", "year"], name="dataplan_unique")]

    def __str__(self) -> str:
        return f"{self.organization} {self.year}"


class PlanItem(models.Model):
    """One deliverable: an indicator of a dataset, for a region and period, due by a date."""

    plan = models.ForeignKey(DataPlan, on_delete=models.CASCADE, related_name="items")
    dataset = models.ForeignKey("datasets.Dataset", on_delete=models.PROTECT, related_name="+")
    indicator = models.ForeignKey("standards.Indicator", on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    period = models.CharField(_("periode"), max_length=7)
    due_date = models.DateField(_("jadwal pemutakhiran"))
    priority = models.BooleanField(_("data prioritas"), default=False)

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = _("butir daftar data")
        verbose_name_plural = _("butir daftar data")

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.region_id} {self.period}"


class SubmissionStatus(models.TextChoices):
    SUBMITTED = "diajukan", _("Diajukan")
    RETURNED = "dikembalikan", _("Dikembalikan ke produsen")
    VERIFIED = "diverifikasi", _("Diverifikasi walidata")
    APPROVED = "disetujui", _("Disetujui pembina data")
    PUBLISHED = "terbit", _("Dipublikasikan")
    SUPERSEDED = "diganti", _("Diganti unggahan baru")


class Submission(models.Model):
    """An upload (IngestRun) delivered against a Daftar Data item, and where it is in the checks."""

    item = models.ForeignKey(PlanItem, on_delete=models.PROTECT, related_name="submissions")
    run = models.ForeignKey(
        "ingest.IngestRun", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    producer = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("status"), max_length=14, choices=SubmissionStatus.choices, default=SubmissionStatus.SUBMITTED
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("diajukan"))
    verified_at = models.DateTimeField(_("diverifikasi"), null=True, blank=True)
    published_at = models.DateTimeField(_("dipublikasikan"), null=True, blank=True)
    # Text scanned for personal data with the file (e.g. the upload's free-text notes).
    text = models.TextField(_("keterangan"), blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name = _("setoran data")
        verbose_name_plural = _("setoran data")

    def __str__(self) -> str:
        return f"#{self.pk} {self.item} ({self.get_status_display()})"


class ReviewNote(models.Model):
    """One problem the walidata (or pembina) found when returning a submission."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("catatan"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:80]


class PiiKind(models.TextChoices):
    NIK = "nik", _("NIK (16 digit)")
    NIP = "nip", _("NIP (18 digit)")
    PHONE = "telepon", _("Nomor telepon")
    EMAIL = "surel", _("Alamat surel")
    NAME_ADDRESS = "nama_alamat", _("Kolom nama dan alamat")


class PiiResolution(models.TextChoices):
    OPEN = "terbuka", _("Belum ditangani")
    MASKED = "disamarkan", _("Disamarkan")
    LAWFUL = "sah", _("Sah dipublikasikan")


class PiiFinding(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="pii_findings")
    kind = models.CharField(max_length=12, choices=PiiKind.choices)
    location = models.CharField(_("lokasi"), max_length=200)
    sample = models.CharField(_("contoh (disamarkan)"), max_length=200)
    count = models.PositiveIntegerField(default=1)
    resolution = models.CharField(max_length=12, choices=PiiResolution.choices, default=PiiResolution.OPEN)
    reason = models.TextField(_("alasan"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The dataset file the finding is in (None: the note, the upload or the dataset's text).
    resource = models.ForeignKey(
        "datasets.Resource", null=True, blank=True, on_delete=models.CASCADE, related_name="pii_findings"
    )

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.location}"


def masked_path(instance: MaskedFile, filename: str) -> str:
    return f"masked/{instance.resource.dataset_id}/{filename}"


class MaskedFile(models.Model):
    """The masked copy of a dataset file that had personal data: served to everyone not entitled to the
    original (simpul.reconcile.selectors.resource_download)."""

    resource = models.OneToOneField("datasets.Resource", on_delete=models.CASCADE, related_name="masked_copy")
    file = models.FileField(upload_to=masked_path, max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"masked {self.resource}"


class IndicatorRule(models.Model):
    """Per-indicator conflict rule: the designated source and the rounding tolerance."""

    indicator = models.OneToOneField("standards.Indicator", on_delete=models.CASCADE, related_name="+")
    designated_source = models.ForeignKey(
        "organizations.Organization", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    tolerance = models.FloatField(_("toleransi pembulatan"), default=0.0)

    def __str__(self) -> str:
        return f"{self.indicator_id}"


class ConflictStatus(models.TextChoices):
    OPEN = "terbuka", _("Terbuka")
    DECIDED = "diputuskan", _("Diputuskan")
    ROUNDING = "pembulatan", _("Selisih pembulatan")


class ConflictCase(models.Model):
    """Two or more producers' different current values for one cell."""

    indicator = models.ForeignKey("standards.Indicator", on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    period = models.CharField(max_length=7)
    disagg = models.CharField(max_length=200, blank=True, default="")
    status = models.CharField(max_length=12, choices=ConflictStatus.choices, default=ConflictStatus.OPEN)
    # {producer_id: value} when the case was (re)opened
    candidates = models.JSONField(default=dict)
    chosen_producer = models.ForeignKey(
        "organizations.Organization", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    chosen_value = models.FloatField(null=True, blank=True)
    reason = models.TextField(_("alasan"), blank=True)
    rule = models.CharField(max_length=12, blank=True)  # "manual" | "default" | "pembulatan"
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    opened_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-opened_at", "-id"]
        verbose_name = _("konflik data")
        verbose_name_plural = _("konflik data")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "region", "period", "disagg"], name="conflict_cell_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}/{self.region_id}/{self.period}"


class Notification(models.Model):
    """In-app notification; the same text goes by e-mail."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    subject = models.CharField(max_length=200)
    link = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.subject
