from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from simpul.followups.reminders import days_before_default, send_reminders


class Command(BaseCommand):
    help = "E-mail follow-up owners N days before the due date and once it is overdue (each reminder once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help=f"days before the due date (default {days_before_default()}, SIMPUL_FOLLOWUP_REMIND_DAYS)",
        )
        parser.add_argument("--today", type=datetime.date.fromisoformat, default=None, help="YYYY-MM-DD")

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_reminders(today=options["today"], days_before=options["days"])
        self.stdout.write(f"due_soon={sent['due_soon']} overdue={sent['overdue']}")
