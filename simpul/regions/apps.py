from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _forget_match_indexes(**kwargs: Any) -> None:
    # migrate and flush (tests) both end with post_migrate; cached name indexes may be stale after them.
    from .selectors import clear_match_cache

    clear_match_cache()


class RegionsConfig(AppConfig):
    name = "simpul.regions"
    label = "regions"
    verbose_name = _("Wilayah")

    def ready(self) -> None:
        post_migrate.connect(_forget_match_indexes, dispatch_uid="regions-forget-match-indexes")
