"""Assessment frameworks as data: one Framework row per edition, its tree of domains, aspects and indicators.

Rows are written only by `simpul.assessment.loaders` from the files in fixtures/frameworks/.
Weights are stored exactly as written in the file ("1.30", "17/3"); `weight_value` gives the exact
Fraction. Evaluations (built later) should point at Indicator rows: an edition's numbering and
weights never change once loaded (the loader refuses structural changes without --force), while
its wording may be replaced, e.g. by the official text.
"""

from __future__ import annotations

from fractions import Fraction

from django.conf import settings
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


# --- Evaluations: a framework applied to one instansi for one year ---------------------------------


class EvaluationStatus(models.TextChoices):
    MANDIRI = "mandiri", _("Penilaian mandiri")
    VERIFIKASI = "verifikasi", _("Verifikasi")
    EKSTERNAL = "eksternal", _("Penilaian eksternal")
    REVIU = "reviu", _("Reviu")
    SELESAI = "selesai", _("Selesai")


class Layer(models.TextChoices):
    """One set of answers per layer; each layer is written only by its own role."""

    MANDIRI = "mandiri", _("Penilaian mandiri")
    VERIFIKASI = "verifikasi", _("Verifikasi penanggung jawab")
    EKSTERNAL = "eksternal", _("Penilaian eksternal")
    REVIU = "reviu", _("Reviu")


class Verdict(models.TextChoices):
    VALID = "valid", _("Valid")
    TIDAK_VALID = "tidak_valid", _("Tidak Valid")


class Evaluation(models.Model):
    framework = models.ForeignKey(
        Framework, verbose_name=_("kerangka"), on_delete=models.PROTECT, related_name="evaluations"
    )
    instansi = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("instansi"),
        on_delete=models.PROTECT,
        related_name="evaluations",
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    status = models.CharField(
        _("status"), max_length=20, choices=EvaluationStatus.choices, default=EvaluationStatus.MANDIRI
    )
    target_index = models.DecimalField(
        _("target indeks (IKU)"), max_digits=4, decimal_places=2, null=True, blank=True
    )
    version = models.PositiveIntegerField(_("versi"), default=1)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_at = models.DateTimeField(_("dibuka"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("penilaian mandiri dikirim"), null=True, blank=True)
    verified_at = models.DateTimeField(_("diverifikasi"), null=True, blank=True)
    assessed_at = models.DateTimeField(_("penilaian eksternal selesai"), null=True, blank=True)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)

    class Meta:
        ordering = ["-year", "instansi__name"]
        verbose_name = _("evaluasi")
        verbose_name_plural = _("evaluasi")
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "instansi", "year"], name="assessment_evaluation_unique_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.framework.index_name} {self.instansi} {self.year}"


class EvaluationAccess(models.Model):
    """An organization whose asesor eksternal or tim reviu members may work on one evaluation."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="accesses")
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("organisasi"), on_delete=models.CASCADE, related_name="+"
    )
    role = models.CharField(_("peran"), max_length=30)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("penugasan evaluasi")
        verbose_name_plural = _("penugasan evaluasi")
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "organization", "role"], name="assessment_access_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} ({self.role}) -> {self.evaluation}"


class Answer(models.Model):
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="answers")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="answers")
    layer = models.CharField(_("lapisan"), max_length=20, choices=Layer.choices)
    level = models.PositiveSmallIntegerField(_("tingkat"), null=True, blank=True)
    fakta = models.TextField(_("fakta"), blank=True)
    analisis = models.TextField(_("analisis"), blank=True)
    justification = models.TextField(_("justifikasi hasil"), blank=True)
    verdict = models.CharField(_("hasil reviu"), max_length=20, choices=Verdict.choices, blank=True)
    note = models.TextField(_("catatan"), blank=True)
    version = models.PositiveIntegerField(_("versi"), default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        ordering = ["evaluation", "indicator__number", "layer"]
        verbose_name = _("jawaban")
        verbose_name_plural = _("jawaban")
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "indicator", "layer"], name="assessment_answer_unique_layer"
            ),
            models.CheckConstraint(
                condition=models.Q(level__isnull=True) | models.Q(level__gte=1, level__lte=5),
                name="assessment_answer_level_1_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.evaluation_id}/{self.indicator_id}/{self.layer}: {self.level}"


class Evidence(models.Model):
    """Data dukung: a checked file (PDF/PNG/JPEG by content) or a link, with the document's date."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="evidence")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="evidence")
    layer = models.CharField(_("lapisan"), max_length=20, choices=Layer.choices, default=Layer.MANDIRI)
    title = models.CharField(_("judul"), max_length=200)
    file = models.FileField(_("berkas"), upload_to="evaluasi/bukti/%Y/", blank=True)
    original_name = models.CharField(_("nama berkas asli"), max_length=255, blank=True)
    content_type = models.CharField(_("jenis isi"), max_length=50, blank=True)
    size = models.PositiveIntegerField(_("ukuran"), default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    url = models.URLField(_("tautan"), max_length=500, blank=True)
    document_date = models.DateField(_("tanggal dokumen"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["indicator__number", "created_at"]
        verbose_name = _("bukti dukung")
        verbose_name_plural = _("bukti dukung")

    def __str__(self) -> str:
        return self.title


# --- Analysis: imported earlier results, recommendations turned into follow-ups ---------------------


class ResultImport(models.Model):
    """One XLSX import of earlier years' final results (all rows stored together, or none)."""

    file_name = models.CharField(_("nama berkas"), max_length=255)
    sha256 = models.CharField(max_length=64)
    framework = models.ForeignKey(Framework, verbose_name=_("kerangka"), on_delete=models.PROTECT)
    evaluations_count = models.PositiveIntegerField(_("jumlah evaluasi"), default=0)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("diimpor"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("impor hasil evaluasi")
        verbose_name_plural = _("impor hasil evaluasi")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.created_at:%Y-%m-%d})"


class ImportedEvaluation(models.Model):
    """Marks an evaluation whose final levels were imported (not worked through the stages in Simpul)."""

    evaluation = models.OneToOneField(Evaluation, on_delete=models.CASCADE, related_name="imported")
    batch = models.ForeignKey(ResultImport, on_delete=models.PROTECT, related_name="evaluations")

    class Meta:
        verbose_name = _("evaluasi impor")
        verbose_name_plural = _("evaluasi impor")

    def __str__(self) -> str:
        return f"{self.evaluation} <- {self.batch}"


class Recommendation(models.Model):
    """A generated recommendation ("raise indicator n from level a to b") that became a follow-up."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="recommendations")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    from_level = models.PositiveSmallIntegerField(_("tingkat saat ini"))
    to_level = models.PositiveSmallIntegerField(_("tingkat berikutnya"))
    text = models.TextField(_("rekomendasi"))
    followup = models.OneToOneField(
        "followups.FollowUp", verbose_name=_("tindak lanjut"), on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["evaluation", "indicator__number"]
        verbose_name = _("rekomendasi")
        verbose_name_plural = _("rekomendasi")
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "indicator"], name="assessment_recommendation_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.evaluation_id}/{self.indicator_id}: {self.from_level}->{self.to_level}"
