"""Targets (RPJMD/RKPD) per indicator, region and year: what the dashboard compares values against."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TargetSource(models.TextChoices):
    RPJMD = "rpjmd", _("RPJMD")
    RKPD = "rkpd", _("RKPD")


class Target(models.Model):
    indicator = models.ForeignKey(
        "standards.Indicator", verbose_name=_("indikator"), on_delete=models.CASCADE, related_name="+"
    )
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("wilayah"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    value = models.FloatField(_("nilai target"))
    source = models.CharField(_("sumber"), max_length=10, choices=TargetSource.choices)
    note = models.CharField(_("keterangan"), max_length=300, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        ordering = ["indicator", "region", "year", "source"]
        verbose_name = _("target indikator")
        verbose_name_plural = _("target indikator")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "region", "year", "source"], name="dashboard_target_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}/{self.region_id}/{self.year} {self.source}={self.value}"
