"""Follow-ups (tindak lanjut) and the disposition trail, modelled on SRIKANDI's disposisi."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SourceKind(models.TextChoices):
    SPBE_RECOMMENDATION = "spbe_recommendation", _("Rekomendasi evaluasi SPBE")
    DATA_CONFLICT = "data_conflict", _("Konflik data")
    OVERDUE_DATA = "overdue_data", _("Data terlambat")
    MEETING = "meeting", _("Rapat pimpinan")
    OTHER = "other", _("Lainnya")


class Priority(models.TextChoices):
    RENDAH = "rendah", _("Rendah")
    SEDANG = "sedang", _("Sedang")
    TINGGI = "tinggi", _("Tinggi")
    MENDESAK = "mendesak", _("Mendesak")


class FollowUpStatus(models.TextChoices):
    BARU = "baru", _("Baru")
    DIPROSES = "diproses", _("Diproses")
    SELESAI = "selesai", _("Selesai")


class Instruction(models.TextChoices):
    """Standard disposition instructions, as in SRIKANDI's disposition form."""

    DIKETAHUI = "diketahui", _("Untuk diketahui")
    DITINDAKLANJUTI = "ditindaklanjuti", _("Untuk ditindaklanjuti")
    SIAPKAN_BAHAN = "siapkan_bahan", _("Siapkan bahan")
    HADIRI = "hadiri", _("Hadiri/wakili")
    KOORDINASIKAN = "koordinasikan", _("Koordinasikan")
    LAPORKAN = "laporkan", _("Laporkan hasilnya")
    PELAJARI = "pelajari", _("Pelajari dan beri saran")
    ARSIPKAN = "arsipkan", _("Arsipkan")


class DispositionStatus(models.TextChoices):
    BELUM_DIBACA = "belum_dibaca", _("Belum dibaca")
    DIBACA = "dibaca", _("Dibaca")
    DIPROSES = "diproses", _("Diproses")
    SELESAI = "selesai", _("Selesai")
    DIBATALKAN = "dibatalkan", _("Dibatalkan")


OPEN_DISPOSITION = (DispositionStatus.BELUM_DIBACA, DispositionStatus.DIBACA, DispositionStatus.DIPROSES)


class FollowUp(models.Model):
    title = models.CharField(_("judul"), max_length=200)
    description = models.TextField(_("uraian"), blank=True)
    source_kind = models.CharField(
        _("sumber"), max_length=30, choices=SourceKind.choices, default=SourceKind.OTHER
    )
    # A loose reference to what raised the follow-up, spelled as the audit log spells objects.
    source_object_type = models.CharField(_("jenis objek sumber"), max_length=80, blank=True)
    source_object_id = models.CharField(_("ID objek sumber"), max_length=64, blank=True)
    owner_organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organisasi penanggung jawab"),
        on_delete=models.PROTECT,
        related_name="followups",
    )
    owner_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("penanggung jawab"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_followups",
    )
    due_date = models.DateField(_("batas waktu"))
    priority = models.CharField(
        _("prioritas"), max_length=10, choices=Priority.choices, default=Priority.SEDANG
    )
    status = models.CharField(
        _("status"), max_length=10, choices=FollowUpStatus.choices, default=FollowUpStatus.BARU, db_index=True
    )
    srikandi_number = models.CharField(_("nomor surat SRIKANDI"), max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dibuat oleh"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="created_followups",
    )
    completion_note = models.TextField(_("catatan penyelesaian"), blank=True)
    evidence = models.FileField(_("bukti"), upload_to="followups/evidence/%Y/%m/", blank=True)
    completed_at = models.DateTimeField(_("selesai pada"), null=True, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)
    version = models.PositiveIntegerField(_("versi"), default=1)

    class Meta:
        ordering = ["due_date", "-id"]
        verbose_name = _("tindak lanjut")
        verbose_name_plural = _("tindak lanjut")
        indexes = [models.Index(fields=["owner_organization", "status", "due_date"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_overdue(self) -> bool:
        return self.status != FollowUpStatus.SELESAI and self.due_date < timezone.localdate()


class Disposition(models.Model):
    followup = models.ForeignKey(
        FollowUp, verbose_name=_("tindak lanjut"), on_delete=models.CASCADE, related_name="dispositions"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("disposisi induk"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    from_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dari"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="dispositions_sent",
    )
    to_organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("kepada organisasi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dispositions_received",
    )
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("kepada"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="dispositions_received",
    )
    instruction = models.CharField(_("instruksi"), max_length=30, choices=Instruction.choices)
    note = models.TextField(_("catatan"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=15,
        choices=DispositionStatus.choices,
        default=DispositionStatus.BELUM_DIBACA,
        db_index=True,
    )
    read_at = models.DateTimeField(_("dibaca pada"), null=True, blank=True)
    read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    processing_at = models.DateTimeField(_("diproses pada"), null=True, blank=True)
    completed_at = models.DateTimeField(_("selesai pada"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    completion_note = models.TextField(_("catatan penyelesaian"), blank=True)
    evidence = models.FileField(_("bukti"), upload_to="followups/evidence/%Y/%m/", blank=True)
    cancelled_at = models.DateTimeField(_("dibatalkan pada"), null=True, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    version = models.PositiveIntegerField(_("versi"), default=1)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("disposisi")
        verbose_name_plural = _("disposisi")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(to_organization__isnull=False) | models.Q(to_user__isnull=False),
                name="disposition_has_recipient",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_instruction_display()} → {self.recipient_label}"

    @property
    def recipient_label(self) -> str:
        if self.to_user_id and self.to_organization_id:
            return f"{self.to_user} ({self.to_organization})"
        return str(self.to_user or self.to_organization)


class ReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", _("Menjelang batas waktu")
    OVERDUE = "overdue", _("Melewati batas waktu")


class Reminder(models.Model):
    """One reminder sent; the unique key is what stops the same reminder going out twice."""

    followup = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=10, choices=ReminderKind.choices)
    due_date = models.DateField()  # the due date it was about: moving the deadline allows a new reminder
    recipients = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pengingat")
        verbose_name_plural = _("pengingat")
        constraints = [models.UniqueConstraint(fields=["followup", "kind", "due_date"], name="reminder_once")]

    def __str__(self) -> str:
        return f"{self.followup} {self.kind} {self.due_date}"
