"""manage.py load_frameworks [FILE_OR_DIR ...] [--force]: load assessment framework files."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from simpul.assessment.loaders import FrameworkLoadError, load_framework_files


class Command(BaseCommand):
    help = (
        "Validate and load assessment framework files (YAML/JSON). Without arguments loads every file in "
        "fixtures/frameworks/. Idempotent; all files or none."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "paths", nargs="*", help="framework files or folders (default: fixtures/frameworks/)"
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="allow changing the numbering or weights of an edition that is already loaded",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            outcomes = load_framework_files(options["paths"], force=options["force"])
        except FrameworkLoadError as exc:
            raise CommandError("Nothing was loaded. Problems found:\n" + str(exc)) from exc
        for outcome in outcomes:
            self.stdout.write(f"{outcome.status:9} {outcome.code} {outcome.edition}  ({outcome.source})")
