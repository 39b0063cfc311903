from typing import Any

from django.core.management.base import BaseCommand

from simpul.catalog.search import rebuild_index


class Command(BaseCommand):
    help = "Rebuild the catalogue's full-text search index."

    def handle(self, *args: Any, **options: Any) -> None:
        count = rebuild_index()
        self.stdout.write(f"{count} datasets indexed")
