"""The search index of the public catalogue: one document per dataset.

`SearchDoc` holds the text that full-text search reads (title, description, tags, topic, producer,
indicator names in Indonesian and English). On SQLite an FTS5 table `catalog_searchfts` (rowid = dataset
id) mirrors it; on PostgreSQL a GIN expression index over `to_tsvector('simple', ...)` serves the query.
Documents are refreshed by `simpul.catalog.search.sync_index()` whenever a dataset's `modified_at` moved.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchDoc(models.Model):
    dataset = models.OneToOneField(
        "datasets.Dataset", on_delete=models.CASCADE, related_name="search_doc", primary_key=True
    )
    title = models.TextField(_("judul"))
    body = models.TextField(_("teks"))
    source_modified = models.DateTimeField(_("versi dataset"))
    indexed_at = models.DateTimeField(_("diindeks"), auto_now=True)

    class Meta:
        verbose_name = _("dokumen pencarian")
        verbose_name_plural = _("dokumen pencarian")

    def __str__(self) -> str:
        return self.title
