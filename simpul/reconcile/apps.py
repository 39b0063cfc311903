from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReconcileConfig(AppConfig):
    name = "simpul.reconcile"
    label = "reconcile"
    verbose_name = _("Alur walidata")
