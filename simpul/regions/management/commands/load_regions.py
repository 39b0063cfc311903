"""Load (or top up) the packaged reference regions: provinces down to desa/kelurahan."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from simpul.regions.loaders import load_regions


class Command(BaseCommand):
    help = "Muat data wilayah rujukan (Kemendagri, dengan kode BPS) dari berkas yang dipaket."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--province",
            action="append",
            dest="provinces",
            metavar="KODE",
            help="Kode provinsi Kemendagri, mis. 18.",
        )
        parser.add_argument(
            "--levels",
            default="1,2,3,4",
            help="Tingkat yang dimuat: 1 provinsi, 2 kab/kota, 3 kecamatan, 4 desa.",
        )

    def handle(
        self, *args: Any, provinces: list[str] | None = None, levels: str = "1,2,3,4", **opts: Any
    ) -> None:
        try:
            wanted = [int(part) for part in levels.split(",") if part.strip()]
            started = time.perf_counter()
            counts = load_regions(provinces=provinces, levels=wanted)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        elapsed = time.perf_counter() - started
        summary = ", ".join(f"{key}={value}" for key, value in counts.items())
        self.stdout.write(f"{summary} ({elapsed:.2f} s)")
