"""Regions keyed by Kemendagri code; the BPS code is an alternate, mapped by a crosswalk.

The two schemes number kabupaten/kota differently (BPS 1803 is Kemendagri 18.01, Kab. Lampung Selatan),
so `bps_code` comes from the crosswalk in `fixtures/regions/bps_crosswalk.csv`, never from the
Kemendagri code with its dots removed. See docs/regions.md.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.IntegerChoices):
    PROVINSI = 1, _("Provinsi")
    KABKOTA = 2, _("Kabupaten/Kota")
    KECAMATAN = 3, _("Kecamatan")
    DESA = 4, _("Desa/Kelurahan")


class Kind(models.TextChoices):
    PROVINSI = "provinsi", _("Provinsi")
    KABUPATEN = "kabupaten", _("Kabupaten")
    KOTA = "kota", _("Kota")
    KECAMATAN = "kecamatan", _("Kecamatan")
    DESA = "desa", _("Desa")
    KELURAHAN = "kelurahan", _("Kelurahan")


class Region(models.Model):
    code = models.CharField(_("kode Kemendagri"), max_length=13, primary_key=True)
    # Unique when present; NULL (no BPS code in the packaged sources) may repeat.
    bps_code = models.CharField(_("kode BPS"), max_length=10, null=True, blank=True, unique=True)
    name = models.CharField(_("nama"), max_length=120)
    level = models.PositiveSmallIntegerField(_("tingkat"), choices=Level.choices, db_index=True)
    kind = models.CharField(_("jenis"), max_length=12, choices=Kind.choices, blank=True, default="")
    parent = models.ForeignKey(
        "self",
        verbose_name=_("induk"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("wilayah")
        verbose_name_plural = _("wilayah")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"
