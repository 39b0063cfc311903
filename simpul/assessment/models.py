"""Assessment frameworks as data: one Framework row per edition, its tree of domains, aspects and indicators.

Rows are written only by `simpul.assessment.loaders` from the files in fixtures/frameworks/.
Weights are stored exactly as written in the file ("1.30", "17/3"); `weight_value` gives the exact
Fraction. Evaluations (built later) should point at Indicator rows: an edition's numbering and
weights never change once loaded (the loader refuses structural changes without --force), while
its wording may be replaced, e.g. by the official text.
"""

from __future__ import annotations

from fractions import Fraction

from django.db import models
from django.utils.translation import gettext_lazy as _

from .spec import parse_weight


class WeightedMixin(models.Model):
    weight = models.CharField(
        _("bobot"), max_length=32, help_text=_("Persis seperti di berkas, mis. 1.30 atau 17/3.")
    )

    class Meta:
        abstract = True

    @property
    def weight_value(self) -> Fraction:
        value = parse_weight(self.weight)
        if value is None:
            raise ValueError(f"invalid stored weight {self.weight!r}")
        return value


class Wording(models.TextChoices):
    PARAPHRASE = "paraphrase", _("Parafrase Simpul")
    OFFICIAL = "official", _("Teks resmi")


class Framework(models.Model):
    code = models.SlugField(_("kode"), max_length=50)
    edition = models.CharField(_("edisi"), max_length=30)
    name = models.CharField(_("nama"), max_length=200)
    index_name = models.CharField(_("nama indeks"), max_length=120)
    description = models.TextField(_("deskripsi"), blank=True)
    regulation = models.CharField(_("dasar hukum"), max_length=300, blank=True)
    valid_from = models.DateField(_("berlaku sejak"), null=True, blank=True)
    total_weight = models.CharField(_("bobot total"), max_length=32, default="100")
    decimals = models.PositiveSmallIntegerField(_("desimal tampilan"), default=2)
    predicates = models.JSONField(
        _("predikat"), default=list, help_text=_("[{name, min}], tertinggi dahulu.")
    )
    weights_confirmed = models.BooleanField(_("bobot terkonfirmasi"), default=True)
    structure_confirmed = models.BooleanField(_("struktur terkonfirmasi"), default=True)
    wording = models.CharField(
        _("sumber teks"), max_length=20, choices=Wording.choices, default=Wording.PARAPHRASE
    )
    notes = models.TextField(_("catatan"), blank=True)
    source_file = models.CharField(_("berkas sumber"), max_length=300, blank=True)
    content_hash = models.CharField(_("sidik isi"), max_length=64)
    structure_hash = models.CharField(_("sidik struktur"), max_length=64)
    created_at = models.DateTimeField(_("dimuat pertama"), auto_now_add=True)
    updated_at = models.DateTimeField(_("dimuat terakhir"), auto_now=True)

    class Meta:
        ordering = ["code", "-valid_from", "-edition"]
        verbose_name = _("kerangka penilaian")
        verbose_name_plural = _("kerangka penilaian")
        constraints = [
            models.UniqueConstraint(fields=["code", "edition"], name="assessment_framework_code_edition")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code} {self.edition})"

    @property
    def total_weight_value(self) -> Fraction:
        value = parse_weight(self.total_weight)
        if value is None:
            raise ValueError(f"invalid stored weight {self.total_weight!r}")
        return value


class LevelScale(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="scales")
    key = models.SlugField(_("kunci"), max_length=40)
    name = models.CharField(_("nama"), max_length=200)
    description = models.TextField(_("deskripsi"), blank=True)

    class Meta:
        ordering = ["framework", "key"]
        verbose_name = _("skala tingkat")
        verbose_name_plural = _("skala tingkat")
        constraints = [models.UniqueConstraint(fields=["framework", "key"], name="assessment_scale_key")]

    def __str__(self) -> str:
        return self.name


class ScaleLevel(models.Model):
    scale = models.ForeignKey(LevelScale, on_delete=models.CASCADE, related_name="levels")
    level = models.PositiveSmallIntegerField(_("tingkat"))
    name = models.CharField(_("nama"), max_length=100)
    description = models.TextField(_("deskripsi"), blank=True)

    class Meta:
        ordering = ["scale", "level"]
        verbose_name = _("tingkat skala")
        verbose_name_plural = _("tingkat skala")
        constraints = [
            models.UniqueConstraint(fields=["scale", "level"], name="assessment_scale_level"),
            models.CheckConstraint(
                condition=models.Q(level__gte=1, level__lte=5), name="assessment_scale_level_1_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.level} {self.name}"


class Domain(WeightedMixin):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="domains")
    number = models.PositiveSmallIntegerField(_("nomor"))
    name = models.CharField(_("nama"), max_length=200)

    class Meta:
        ordering = ["framework", "number"]
        verbose_name = _("domain")
        verbose_name_plural = _("domain")
        constraints = [
            models.UniqueConstraint(fields=["framework", "number"], name="assessment_domain_number")
        ]

    def __str__(self) -> str:
        return f"D{self.number} {self.name}"


class Aspect(WeightedMixin):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="aspects")
    domain = models.ForeignKey(Domain, on_delete=models.CASCADE, related_name="aspects")
    number = models.PositiveSmallIntegerField(_("nomor"))
    name = models.CharField(_("nama"), max_length=200)

    class Meta:
        ordering = ["framework", "number"]
        verbose_name = _("aspek")
        verbose_name_plural = _("aspek")
        constraints = [
            models.UniqueConstraint(fields=["framework", "number"], name="assessment_aspect_number")
        ]

    def __str__(self) -> str:
        return f"A{self.number} {self.name}"


class Indicator(WeightedMixin):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="indicators")
    aspect = models.ForeignKey(Aspect, on_delete=models.CASCADE, related_name="indicators")
    scale = models.ForeignKey(LevelScale, on_delete=models.PROTECT, related_name="indicators")
    number = models.PositiveSmallIntegerField(_("nomor"))
    name = models.CharField(_("nama"), max_length=300)
    question = models.TextField(_("pertanyaan"))
    reference = models.CharField(_("rujukan"), max_length=500, blank=True)

    class Meta:
        ordering = ["framework", "number"]
        verbose_name = _("indikator")
        verbose_name_plural = _("indikator")
        constraints = [
            models.UniqueConstraint(fields=["framework", "number"], name="assessment_indicator_number")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class LevelCriterion(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="criteria")
    level = models.PositiveSmallIntegerField(_("tingkat"))
    text = models.TextField(_("kriteria"))

    class Meta:
        ordering = ["indicator", "level"]
        verbose_name = _("kriteria tingkat")
        verbose_name_plural = _("kriteria tingkat")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "level"], name="assessment_criterion_level"),
            models.CheckConstraint(
                condition=models.Q(level__gte=1, level__lte=5), name="assessment_criterion_level_1_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.number}/{self.level}"
