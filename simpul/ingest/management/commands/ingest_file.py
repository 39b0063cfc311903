"""Load a CSV/XLSX file into a dataset from the command line, printing the error report."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from simpul.accounts.models import User
from simpul.datasets.models import Dataset
from simpul.ingest import limits
from simpul.ingest.models import RunStatus
from simpul.ingest.services import ingest_file
from simpul.organizations.models import Organization


def _pairs(values: list[str], what: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for item in values:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise CommandError(f"{what} must look like KEY=VALUE, got {item!r}")
        found[key.strip()] = value.strip()
    return found


class Command(BaseCommand):
    help = "Validate and load a data file (CSV/XLSX) into a dataset; nothing is stored if any row is wrong."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path")
        parser.add_argument("--dataset", required=True, help="dataset slug")
        parser.add_argument("--producer", help="producer organization slug (default: the dataset's producer)")
        parser.add_argument("--user", help="act as this user (permission checked); default: system")
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="HEADER=ROLE",
            help="column mapping, e.g. --map 'Kab/Kota=region' --map 'Jenis Kelamin=disagg:jk'",
        )
        parser.add_argument(
            "--default",
            action="append",
            default=[],
            metavar="ROLE=VALUE",
            help="value for a role without a column, e.g. --default indicator=IPM",
        )
        parser.add_argument("--sheet")
        parser.add_argument("--header-row", type=int)
        parser.add_argument("--delimiter")
        parser.add_argument("--decimal", choices=[",", "."])
        parser.add_argument("--region-level", type=int)
        parser.add_argument("--region-parent")
        parser.add_argument("--status", help="sementara, tetap or diperbaiki for every value")
        parser.add_argument("--dry-run", action="store_true", help="validate only")
        parser.add_argument("--json", action="store_true", help="print the report as JSON")

    def handle(self, *args: Any, **opts: Any) -> None:
        path = Path(opts["path"])
        if not path.is_file():
            raise CommandError(f"{path} is not a file")
        if path.stat().st_size > limits.max_upload_bytes():
            raise CommandError(f"{path} is larger than SIMPUL_MAX_UPLOAD_MB")
        dataset = Dataset.objects.filter(slug=opts["dataset"]).first()
        if dataset is None:
            raise CommandError(f"no dataset {opts['dataset']!r}")
        producer = None
        if opts["producer"]:
            producer = Organization.objects.filter(slug=opts["producer"]).first()
            if producer is None:
                raise CommandError(f"no organization {opts['producer']!r}")
        actor = None
        if opts["user"]:
            actor = User.objects.filter(username=opts["user"]).first()
            if actor is None:
                raise CommandError(f"no user {opts['user']!r}")
        options: dict[str, Any] = {
            k: opts[k]
            for k in (
                "sheet",
                "header_row",
                "delimiter",
                "decimal",
                "region_level",
                "region_parent",
                "status",
            )
            if opts[k] not in (None, "")
        }
        defaults = _pairs(opts["default"], "--default")
        if defaults:
            options["defaults"] = defaults
        run = ingest_file(
            actor=actor,
            dataset=dataset,
            content=path.read_bytes(),
            file_name=path.name,
            producer=producer,
            mapping=_pairs(opts["map"], "--map") or None,
            options=options,
            dry_run=opts["dry_run"],
            system=actor is None,
        )
        if opts["json"]:
            summary = {"run": run.pk, "status": run.status, "inserted": run.inserted, "revised": run.revised,
                       "unchanged": run.unchanged, "report": run.report}  # fmt: skip
            self.stdout.write(json.dumps(summary, ensure_ascii=False, indent=2))
        else:
            self._print(run)
        if run.status not in (RunStatus.COMMITTED, RunStatus.VALID, RunStatus.DUPLICATE):
            raise CommandError(f"run {run.pk}: {run.get_status_display()} ({run.error_count} errors)")

    def _print(self, run: Any) -> None:
        self.stdout.write(f"run {run.pk}: {run.get_status_display()}")
        self.stdout.write(
            f"  {run.rows_total} rows, {run.cells_total} cells ({run.cells_empty} empty); "
            f"inserted {run.inserted}, revised {run.revised}, unchanged {run.unchanged}"
        )
        for error in run.report.get("errors", []):
            where = f"row {error['row']}" if error.get("row") is not None else "file"
            if error.get("column"):
                where += f", column {error['column']!r}"
            line = f"  {where}: {error['message']}"
            if error.get("suggestions"):
                line += " (" + "; ".join(error["suggestions"][:3]) + ")"
            self.stdout.write(line)
        if run.report.get("truncated"):
            self.stdout.write(f"  ... {run.error_count} errors in all: {run.report.get('summary')}")
        for warning in run.report.get("warnings", []):
            self.stdout.write(f"  warning: {warning['message']}")
