"""Delete the kept bytes of uploads left unfinished (run it daily from cron or a systemd timer)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from simpul.ingest.services import discard_kept_uploads


class Command(BaseCommand):
    help = (
        "Delete the file bytes kept for uploads that were checked but never stored, failed or abandoned, "
        "once their run has not moved for --days days (default SIMPUL_INGEST_KEEP_DAYS)."
        " Runs and reports stay."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=float, default=None, help="age in days (default: the setting)")

    def handle(self, *args: Any, **options: Any) -> None:
        days = options["days"] if options["days"] is not None else settings.SIMPUL_INGEST_KEEP_DAYS
        if days < 0:
            raise CommandError("--days must be 0 or more")
        n = discard_kept_uploads(older_than=timedelta(days=days))
        self.stdout.write(f"{n} kept upload(s) discarded")
