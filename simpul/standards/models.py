"""Standard data (Perpres 39/2019 Pasal 4): indicators with concept, definition, classification, unit;
code lists for disaggregation; statistical activities (BPS MS-Keg). Set by the pembina data."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Periodicity(models.TextChoices):
    TAHUNAN = "tahunan", _("Tahunan")
    SEMESTERAN = "semesteran", _("Semesteran")
    TRIWULANAN = "triwulanan", _("Triwulanan")
    BULANAN = "bulanan", _("Bulanan")


class ValueType(models.TextChoices):
    INTEGER = "bulat", _("Bilangan bulat")
    DECIMAL = "desimal", _("Bilangan desimal")


class Classification(models.Model):
    """A code list used to disaggregate observations (jenis kelamin, kelompok umur, KBLI...).

    `code` is the short key used in an observation's disaggregation key: "jk=1;ku=15-19".
    """

    code = models.SlugField(_("kode"), max_length=20, unique=True)
    name = models.CharField(_("nama"), max_length=200)
    description = models.TextField(_("keterangan"), blank=True)
    source = models.CharField(_("sumber"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    modified_at = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("klasifikasi")
        verbose_name_plural = _("klasifikasi")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class ClassificationItem(models.Model):
    classification = models.ForeignKey(
        Classification, verbose_name=_("klasifikasi"), on_delete=models.CASCADE, related_name="items"
    )
    code = models.CharField(_("kode"), max_length=40)
    label = models.CharField(_("label"), max_length=200)
    parent = models.ForeignKey(
        "self", verbose_name=_("induk"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    order = models.PositiveIntegerField(_("urutan"), default=0)

    class Meta:
        ordering = ["classification", "order", "code"]
        verbose_name = _("butir klasifikasi")
        verbose_name_plural = _("butir klasifikasi")
        constraints = [
            models.UniqueConstraint(fields=["classification", "code"], name="classification_item_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.label}"


class StatisticalActivity(models.Model):
    """A statistical activity (survei, kompilasi produk administrasi...) with its BPS MS-Keg metadata."""

    class Kind(models.TextChoices):
        SURVEI = "survei", _("Survei")
        KOMPILASI = "kompilasi", _("Kompilasi produk administrasi")
        CARA_LAIN = "cara_lain", _("Cara lain sesuai perkembangan TI")

    code = models.CharField(_("kode"), max_length=40, unique=True)
    title = models.CharField(_("judul kegiatan"), max_length=300)
    year = models.PositiveSmallIntegerField(_("tahun"), null=True, blank=True)
    kind = models.CharField(_("cara pengumpulan"), max_length=20, choices=Kind.choices, blank=True)
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("penyelenggara"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="statistical_activities",
    )
    romantik_id = models.CharField(_("nomor rekomendasi ROMANTIK"), max_length=60, blank=True)
    # MS-Keg sections (Peraturan BPS 5/2020): identitas, penyelenggara, penanggung jawab, perencanaan,
    # desain kegiatan, desain sampel, penjaminan kualitas, pengolahan, diseminasi, keyed by field name.
    metadata = models.JSONField(_("metadata MS-Keg"), default=dict, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    modified_at = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        ordering = ["-year", "title"]
        verbose_name = _("kegiatan statistik")
        verbose_name_plural = _("kegiatan statistik")

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Indicator(models.Model):
    """A variable/indicator of the standard data, with the rules every submitted value must meet."""

    code = models.CharField(_("kode"), max_length=40, unique=True)
    name_id = models.CharField(_("nama"), max_length=300)
    name_en = models.CharField(_("nama (Inggris)"), max_length=300, blank=True)
    concept = models.TextField(_("konsep"), blank=True)
    definition = models.TextField(_("definisi"), blank=True)
    unit = models.CharField(_("satuan"), max_length=40, blank=True)
    periodicity = models.CharField(
        _("periode"), max_length=12, choices=Periodicity.choices, default=Periodicity.TAHUNAN
    )
    classifications = models.ManyToManyField(
        Classification,
        verbose_name=_("disagregasi yang diizinkan"),
        blank=True,
        related_name="indicators",
    )
    value_type = models.CharField(
        _("jenis nilai"), max_length=10, choices=ValueType.choices, default=ValueType.DECIMAL
    )
    min_value = models.FloatField(_("nilai minimum"), null=True, blank=True)
    max_value = models.FloatField(_("nilai maksimum"), null=True, blank=True)
    is_percentage = models.BooleanField(_("persentase"), default=False)
    pembina = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("pembina data"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="indicators_set",
    )
    activity = models.ForeignKey(
        StatisticalActivity,
        verbose_name=_("kegiatan statistik"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="indicators",
    )
    # BPS MS-Var / MS-Ind fields (alias, pertanyaan, tipe data, aturan validasi, periode referensi,
    # interpretasi, rumus...), keyed by field name.
    metadata = models.JSONField(_("metadata MS-Var/MS-Ind"), default=dict, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    modified_at = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("indikator")
        verbose_name_plural = _("indikator")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(min_value__isnull=True)
                | models.Q(max_value__isnull=True)
                | models.Q(min_value__lte=models.F("max_value")),
                name="indicator_min_le_max",
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name_id}"
