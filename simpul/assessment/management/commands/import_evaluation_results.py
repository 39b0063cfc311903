"""manage.py import_evaluation_results FILE.xlsx [--kerangka spbe-2020] [--edisi 2020] [--periksa] [--user U]

Imports earlier years' final results (see simpul/assessment/imports.py for the accepted layouts): every row
is checked and the file is stored entirely or not at all. Without --user the import runs as the system
(for any organization); with --user it runs with that user's rights.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser

from simpul.assessment import imports, selectors


class Command(BaseCommand):
    help = "Impor hasil akhir evaluasi tahun-tahun sebelumnya dari XLSX (semua baris atau tidak sama sekali)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--kerangka", default="spbe-2020", help="kode kerangka (default spbe-2020)")
        parser.add_argument("--edisi", default=None, help="edisi kerangka (default: terbaru)")
        parser.add_argument("--periksa", action="store_true", help="hanya periksa, jangan simpan")
        parser.add_argument("--user", default=None, help="jalankan dengan hak pengguna ini")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: berkas tidak ada")
        framework = selectors.get_framework(options["kerangka"], options["edisi"])
        if framework is None:
            raise CommandError(f"kerangka {options['kerangka']} {options['edisi'] or ''} tidak dikenal")
        actor = None
        if options["user"]:
            actor = get_user_model().objects.filter(username=options["user"]).first()
            if actor is None:
                raise CommandError(f"pengguna {options['user']} tidak ada")
        try:
            outcome = imports.import_results(
                actor=actor,
                content=path.read_bytes(),
                file_name=path.name,
                framework=framework,
                dry_run=options["periksa"],
                as_system=actor is None,
            )
        except imports.ImportRejected as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            raise CommandError(f"{len(exc.errors)} masalah; tidak ada yang disimpan") from exc
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from exc
        verb = "lolos pemeriksaan" if outcome.dry_run else "diimpor"
        for group in outcome.groups:
            self.stdout.write(f"{group.instansi.slug} {group.year}: {verb}")
        self.stdout.write(self.style.SUCCESS(f"{len(outcome.groups)} evaluasi {verb}"))
