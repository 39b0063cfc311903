"""Datasets (SDI metadata), their files, and the observations: the statistical cube.

Observations are append-only revisions. A value is never overwritten: a new upload that changes a cell
adds a row with a later `valid_from` and closes the previous row (`valid_to`, the only column ever
updated). Reading "as of" t takes rows with valid_from <= t < valid_to. Each row belongs to a producer;
choosing the official value among producers is a later step (simpul.reconcile).
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from simpul.standards.models import Periodicity


class AccessLevel(models.TextChoices):
    PUBLIC = "publik", _("Terbuka untuk publik")
    INTERNAL = "internal", _("Terbatas (internal pemerintah)")
    EXCLUDED = "dikecualikan", _("Dikecualikan")


class Licence(models.TextChoices):
    CC_BY_4 = "CC-BY-4.0", _("Creative Commons Atribusi 4.0")
    CC0 = "CC0-1.0", _("CC0 1.0 (domain publik)")
    ODBL = "ODbL-1.0", _("Open Database License 1.0")
    OTHER = "lainnya", _("Lainnya (lihat keterangan)")


class ObservationStatus(models.IntegerChoices):
    SEMENTARA = 1, _("Sementara")
    TETAP = 2, _("Tetap")
    DIPERBAIKI = 3, _("Diperbaiki")


class Dataset(models.Model):
    slug = models.SlugField(_("kode singkat"), max_length=120, unique=True)
    title = models.CharField(_("judul"), max_length=300)
    description = models.TextField(_("deskripsi"), blank=True)
    producer = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("produsen data"),
        on_delete=models.PROTECT,
        related_name="datasets",
    )
    topic = models.CharField(_("topik"), max_length=100, blank=True, db_index=True)
    tags = models.JSONField(_("kata kunci"), default=list, blank=True)
    licence = models.CharField(_("lisensi"), max_length=20, choices=Licence.choices, default=Licence.CC_BY_4)
    update_schedule = models.CharField(
        _("jadwal pemutakhiran"), max_length=12, choices=Periodicity.choices, default=Periodicity.TAHUNAN
    )
    contact_name = models.CharField(_("nama kontak"), max_length=200, blank=True)
    contact_email = models.EmailField(_("surel kontak"), blank=True)
    temporal_start = models.CharField(_("cakupan waktu dari"), max_length=7, blank=True)
    temporal_end = models.CharField(_("cakupan waktu sampai"), max_length=7, blank=True)
    spatial_coverage = models.ForeignKey(
        "regions.Region",
        verbose_name=_("cakupan wilayah"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    activity = models.ForeignKey(
        "standards.StatisticalActivity",
        verbose_name=_("kegiatan statistik"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="datasets",
    )
    indicators = models.ManyToManyField(
        "standards.Indicator", verbose_name=_("indikator"), blank=True, related_name="datasets"
    )
    access = models.CharField(
        _("klasifikasi akses"), max_length=12, choices=AccessLevel.choices, default=AccessLevel.PUBLIC
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    modified_at = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("dataset")
        verbose_name_plural = _("dataset")

    def __str__(self) -> str:
        return self.title


def resource_path(instance: Resource, filename: str) -> str:
    return f"datasets/{instance.dataset_id}/{filename}"


class Resource(models.Model):
    """A file attached to a dataset (the original spreadsheet, a PDF publication, a map...)."""

    dataset = models.ForeignKey(
        Dataset, verbose_name=_("dataset"), on_delete=models.CASCADE, related_name="resources"
    )
    title = models.CharField(_("judul"), max_length=300)
    description = models.TextField(_("deskripsi"), blank=True)
    file = models.FileField(_("berkas"), upload_to=resource_path, max_length=300)
    format = models.CharField(_("format"), max_length=20, blank=True)
    size = models.PositiveBigIntegerField(_("ukuran (bita)"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        ordering = ["dataset", "title"]
        verbose_name = _("berkas dataset")
        verbose_name_plural = _("berkas dataset")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        """The download address every page and API hands out (never the storage path: the public may
        get a masked copy instead of the original)."""
        return reverse("datasets:resource", args=[self.dataset.slug, self.pk])


class Observation(models.Model):
    """One value of one cell (indicator x region x period x disaggregation) from one producer, one revision.

    Kept compact for bulk loads of millions of rows: integer foreign keys (the region's key is its
    Kemendagri code), short text period and disaggregation key, a small-integer status, and indexes
    only where reads need them (the foreign keys below are covered by the composite indexes).
    The foreign keys carry no database constraint (docs/decisions/0002): the ingest service has checked
    every key before it writes, and Django's PROTECT still guards deletes.
    """

    dataset = models.ForeignKey(
        Dataset, on_delete=models.PROTECT, related_name="observations", db_index=False, db_constraint=False
    )
    producer = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    indicator = models.ForeignKey(
        "standards.Indicator",
        on_delete=models.PROTECT,
        related_name="observations",
        db_index=False,
        db_constraint=False,
    )
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", db_index=False, db_constraint=False
    )
    period = models.CharField(_("periode"), max_length=7)
    # Canonical disaggregation key: classification codes sorted, "jk=1;ku=15-19"; "" for the total.
    disagg = models.CharField(_("disagregasi"), max_length=200, blank=True, default="")
    value = models.FloatField(_("nilai"))
    unit = models.CharField(_("satuan"), max_length=40, blank=True, default="")
    status = models.PositiveSmallIntegerField(
        _("status"), choices=ObservationStatus.choices, default=ObservationStatus.SEMENTARA
    )
    run = models.ForeignKey(
        "ingest.IngestRun",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    valid_from = models.DateTimeField(_("berlaku sejak"))
    valid_to = models.DateTimeField(_("berlaku sampai"), null=True, blank=True)
    # Set once, by simpul.reconcile's publish service; NULL = not (yet) published. Public reads go through
    # simpul.datasets.selectors.public_observations, which takes the latest *published* revision per cell.
    published_at = models.DateTimeField(_("dipublikasikan"), null=True, blank=True)
    # When a later revision of the same cell was published (this one stopped being the public value); NULL
    # while it is the latest published. Kept by datasets.publication.publish_revisions, so public reads
    # compare a column instead of looking for a later published revision on every row.
    published_until = models.DateTimeField(_("terbit sampai"), null=True, blank=True)

    class Meta:
        verbose_name = _("observasi")
        verbose_name_plural = _("observasi")
        indexes = [
            models.Index(fields=["indicator", "region", "period", "disagg"], name="obs_cell_idx"),
            models.Index(fields=["run"], name="obs_run_idx"),
            # Incremental sync (updated_after) and "what was published when". Partial: an upload's rows are
            # unpublished, so storing them adds nothing to this index (publishing does).
            models.Index(
                fields=["published_at"],
                name="obs_published_idx",
                condition=models.Q(published_at__isnull=False),
            ),
        ]
        constraints = [
            # At most one current value per cell per producer in a dataset.
            models.UniqueConstraint(
                fields=["dataset", "producer", "indicator", "region", "period", "disagg"],
                condition=models.Q(valid_to__isnull=True),
                name="obs_current_unique",
            ),
        ]

    def __str__(self) -> str:
        key = f"{self.indicator_id}/{self.region_id}/{self.period}"
        return f"{key}[{self.disagg}]={self.value}" if self.disagg else f"{key}={self.value}"
