from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganizationKind(models.TextChoices):
    PEMDA = "pemda", _("Pemerintah daerah")
    OPD = "opd", _("Perangkat daerah (OPD)")
    BPS = "bps", _("Kantor BPS")
    VERTIKAL = "vertikal", _("Instansi vertikal")


class Role(models.TextChoices):
    WALIDATA = "walidata", _("Walidata")
    WALIDATA_PENDUKUNG = "walidata_pendukung", _("Walidata pendukung")
    PRODUSEN = "produsen", _("Produsen data")
    PEMBINA = "pembina", _("Pembina data")
    KOORDINATOR_SPBE = "koordinator_spbe", _("Koordinator SPBE")
    PENANGGUNG_JAWAB = "penanggung_jawab", _("Penanggung jawab")
    OPERATOR = "operator", _("Operator")
    ASESOR_INTERNAL = "asesor_internal", _("Asesor internal")
    ASESOR_EKSTERNAL = "asesor_eksternal", _("Asesor eksternal")
    TIM_REVIU = "tim_reviu", _("Tim reviu")
    PIMPINAN = "pimpinan", _("Pimpinan")
    ADMIN = "admin", _("Admin")
