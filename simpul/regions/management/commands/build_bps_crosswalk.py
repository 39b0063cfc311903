"""Rebuild fixtures/regions/bps_crosswalk.csv from the packaged sources and bps_exceptions.csv."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from simpul.regions.crosswalk import CrosswalkError, build_crosswalk, crosswalk_csv, fixtures_dir


class Command(BaseCommand):
    help = "Bangun ulang tabel padanan kode Kemendagri-BPS (fixtures/regions/bps_crosswalk.csv)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--check", action="store_true", help="Hanya periksa bahwa berkas sudah mutakhir.")

    def handle(self, *args: Any, check: bool = False, **options: Any) -> None:
        try:
            rows = build_crosswalk()
        except CrosswalkError as exc:
            raise CommandError(str(exc)) from exc
        text = crosswalk_csv(rows)
        path = fixtures_dir() / "bps_crosswalk.csv"
        current = path.read_text(encoding="utf-8") if path.exists() else ""
        if check:
            if current != text:
                raise CommandError(f"{path} is out of date; run build_bps_crosswalk")
            self.stdout.write(f"{path}: up to date ({len(rows)} rows)")
            return
        path.write_text(text, encoding="utf-8")
        with_bps = sum(1 for row in rows if row.bps_code)
        self.stdout.write(f"{path}: {len(rows)} rows, {with_bps} with a BPS code")
