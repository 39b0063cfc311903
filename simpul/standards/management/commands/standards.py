"""Standard data files from the command line: `standards export KIND` and `standards import KIND FILE`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser

from simpul.accounts.models import User
from simpul.standards import transfer


class Command(BaseCommand):
    help = "Export or import indicators, classifications or statistical activities as CSV or JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        export = sub.add_parser("export", help="write one kind to standard output or --output")
        export.add_argument("kind", choices=list(transfer.COLUMNS))
        export.add_argument("--format", choices=["csv", "json"], default="csv")
        export.add_argument("--output", "-o", help="file to write (default: standard output)")
        load = sub.add_parser("import", help="check a file and store all of it, or nothing")
        load.add_argument("kind", choices=list(transfer.COLUMNS))
        load.add_argument("path")
        load.add_argument("--user", required=True, help="a pembina data user (permission checked)")

    def handle(self, *args: Any, **options: Any) -> None:
        kind = options["kind"]
        if options["action"] == "export":
            text = transfer.export_csv(kind) if options["format"] == "csv" else transfer.export_json(kind)
            if options["output"]:
                Path(options["output"]).write_text(text, encoding="utf-8")
            else:
                sys.stdout.write(text)
            return
        user = User.objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"no user {options['user']!r}")
        path = Path(options["path"])
        try:
            result = transfer.import_file(
                actor=user, kind=kind, content=path.read_bytes(), file_name=path.name
            )
        except OSError as exc:
            raise CommandError(str(exc)) from exc
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from exc
        except transfer.ImportRejected as exc:
            for message in exc.messages:
                self.stderr.write(message)
            raise CommandError(f"{len(exc.problems)} problem(s); nothing was stored") from exc
        self.stdout.write(f"{result.created} created, {result.updated} updated, {result.unchanged} unchanged")
