from typing import Any

import django.db.models.deletion
from django.db import migrations, models


def create_fts(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS catalog_searchfts USING fts5("
            "title, body, tokenize = 'unicode61 remove_diacritics 2')"
        )
    elif vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS catalog_searchdoc_fts ON catalog_searchdoc USING GIN "
            "((setweight(to_tsvector('simple', title), 'A') || setweight(to_tsvector('simple', body), 'B')))"
        )


def drop_fts(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS catalog_searchfts")
    elif vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS catalog_searchdoc_fts")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("datasets", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchDoc",
            fields=[
                (
                    "dataset",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search_doc",
                        serialize=False,
                        to="datasets.dataset",
                    ),
                ),
                ("title", models.TextField(verbose_name="judul")),
                ("body", models.TextField(verbose_name="teks")),
                ("source_modified", models.DateTimeField(verbose_name="versi dataset")),
                ("indexed_at", models.DateTimeField(auto_now=True, verbose_name="diindeks")),
            ],
            options={"verbose_name": "dokumen pencarian", "verbose_name_plural": "dokumen pencarian"},
        ),
        migrations.RunPython(create_fts, drop_fts),
    ]
