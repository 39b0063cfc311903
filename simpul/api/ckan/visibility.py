"""Which datasets the CKAN adapter may show: always through `simpul.datasets.selectors`, never its own rules.

Lists and searches show what an anonymous visitor may see (CKAN's `capacity:public`), unless the caller
asks for `include_private` with a token whose user is entitled to more; single-object reads
(`package_show`, `resource_show`, `datastore_search`...) show what the caller may see.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from simpul.datasets.models import Dataset
from simpul.datasets.selectors import datasets_visible_to


def public_datasets() -> QuerySet[Dataset]:
    return datasets_visible_to(AnonymousUser())


def visible_datasets(user: Any) -> QuerySet[Dataset]:
    return datasets_visible_to(user)
