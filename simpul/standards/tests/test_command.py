"""`manage.py standards export/import`: the same files and all-or-nothing rule as the pages."""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from simpul.standards.models import Indicator

pytestmark = pytest.mark.django_db


def test_export_then_import_from_the_command_line(tmp_path: Path, pembina: Any, std: dict[str, Any]) -> None:
    target = tmp_path / "indikator.json"
    call_command("standards", "export", "indikator", "--format", "json", "--output", str(target))
    out = StringIO()
    call_command("standards", "import", "indikator", str(target), "--user", pembina.username, stdout=out)
    assert out.getvalue().strip() == "0 created, 0 updated, 4 unchanged"


def test_bad_file_is_refused_with_its_rows(tmp_path: Path, pembina: Any, std: dict[str, Any]) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("kode,nama,periode\nN1,Baru,tahunan\nN2,Dua,harian\n", encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError, match="nothing was stored"):
        call_command("standards", "import", "indikator", str(bad), "--user", pembina.username, stderr=err)
    assert "Baris 3" in err.getvalue()
    assert "harian" in err.getvalue()
    assert not Indicator.objects.filter(code="N1").exists()
