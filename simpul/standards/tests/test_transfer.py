"""Standard data as CSV/JSON files: export then import changes nothing; a file with any bad row stores
nothing and names every row, column, value and reason."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from simpul.core.models import AuditEntry
from simpul.standards import transfer
from simpul.standards.models import Classification, ClassificationItem, Indicator, StatisticalActivity

pytestmark = pytest.mark.django_db

HEADER = "kode,nama,satuan,periode,jenis_nilai,nilai_min,nilai_maks,persentase,disagregasi,pembina,metadata\n"


def _import(actor: Any, kind: str, text: str | bytes, name: str = "f.csv") -> transfer.Result:
    content = text.encode("utf-8") if isinstance(text, str) else text
    return transfer.import_file(actor=actor, kind=kind, content=content, file_name=name)


def _state() -> list[Any]:
    return [transfer.export_records(k) for k in ("indikator", "klasifikasi", "kegiatan")]


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_export_then_import_changes_nothing(fmt: str, pembina: Any, std: dict[str, Any]) -> None:
    Indicator.objects.filter(code="IPM").update(definition="=SUM(A1) bukan rumus", metadata={"rumus": "x/y"})
    StatisticalActivity.objects.create(code="SUSENAS", title="Susenas", year=2024, metadata={"tujuan": "-x"})
    before = _state()
    audit_before = AuditEntry.objects.count()
    for kind in ("klasifikasi", "kegiatan", "indikator"):
        content = transfer.export_csv(kind) if fmt == "csv" else transfer.export_json(kind)
        result = _import(pembina, kind, content, f"standar.{fmt}")
        assert (result.created, result.updated) == (0, 0)
    assert _state() == before
    assert AuditEntry.objects.count() == audit_before


def test_csv_neutralises_formulas_and_reads_them_back(pembina: Any, std: dict[str, Any]) -> None:
    Indicator.objects.filter(code="IPM").update(definition='=HYPERLINK("x")')
    text = transfer.export_csv("indikator")
    assert "'=HYPERLINK" in text
    _import(pembina, "indikator", text)
    assert Indicator.objects.get(code="IPM").definition == '=HYPERLINK("x")'


def test_import_creates_and_updates_by_code(pembina: Any, std: dict[str, Any], orgs: dict[str, Any]) -> None:
    text = HEADER + (
        "TPT,Tingkat pengangguran terbuka,persen,tahunan,desimal,0,100,ya,jk,bps-lampung,"
        '"{""rumus"": ""a/b""}"\n'
        "IPM,Indeks Pembangunan Manusia,indeks (0-100),tahunan,desimal,0,100,tidak,,,\n"
        "PDDK,Jumlah penduduk,jiwa,tahunan,bulat,0,,tidak,jk ku,,\n"
    )
    result = _import(pembina, "indikator", text)
    assert (result.created, result.updated, result.unchanged) == (1, 1, 1)
    assert Indicator.objects.get(code="IPM").unit == "indeks (0-100)"
    tpt = Indicator.objects.get(code="TPT")
    assert tpt.is_percentage
    assert tpt.pembina == orgs["bps"]
    assert tpt.metadata == {"rumus": "a/b"}
    assert list(tpt.classifications.values_list("code", flat=True)) == ["jk"]


def test_every_bad_row_is_reported_and_nothing_is_stored(pembina: Any, std: dict[str, Any]) -> None:
    text = HEADER + (
        "TPT,Pengangguran,persen,tahunan,desimal,0,100,ya,,,\n"  # fine
        "X1,,persen,mingguan,desimal,abc,100,mungkin,zz,tidak-ada,{bad\n"
        "X2,Dua,persen,tahunan,desimal,50,10,,,,\n"
        "TPT,Lagi,persen,tahunan,desimal,,,,,,\n"
        "bad code!,Nama,,,,,,,,,\n"
    )
    with pytest.raises(transfer.ImportRejected) as caught:
        _import(pembina, "indikator", text)
    found = {(p.row, p.column) for p in caught.value.problems}
    assert {(3, "nama"), (3, "periode"), (3, "nilai_min"), (3, "persentase"), (3, "disagregasi"),
            (3, "pembina"), (3, "metadata"), (4, "nilai_min"), (5, "kode"), (6, "kode")} <= found  # fmt: skip
    problem = next(p for p in caught.value.problems if (p.row, p.column) == (3, "periode"))
    assert problem.value == "mingguan"
    assert "tahunan" in problem.reason
    assert not Indicator.objects.filter(code__in=["TPT", "X1", "X2"]).exists()


def test_a_row_the_pembina_may_not_change_rolls_back_the_whole_file(
    pembina: Any, pembina_dinkes: Any, std: dict[str, Any], orgs: dict[str, Any]
) -> None:
    Indicator.objects.filter(code="IPM").update(pembina=orgs["bps"])
    text = HEADER + "NEW1,Baru,,,,,,,,,\nIPM,Diubah orang lain,,,,,,,,bps-lampung,\n"
    with pytest.raises(transfer.ImportRejected) as caught:
        _import(pembina_dinkes, "indikator", text)
    assert caught.value.problems[0].row == 3
    assert not Indicator.objects.filter(code="NEW1").exists()
    assert Indicator.objects.get(code="IPM").name_id == "Indeks Pembangunan Manusia"


def test_non_pembina_cannot_import(produsen: Any, std: dict[str, Any]) -> None:
    with pytest.raises(PermissionDenied):
        _import(produsen, "indikator", HEADER + "NEW1,Baru,,,,,,,,,\n")


def test_classifications_from_csv_and_json(pembina: Any) -> None:
    csv_text = (
        "klasifikasi,nama,sumber,kode_butir,label,induk,urutan\n"
        "kbli,KBLI 2020,BPS,A,Pertanian,,0\n"
        "kbli,KBLI 2020,BPS,01,Pertanian tanaman,A,1\n"
        "kosong,Tanpa butir,,,,,\n"
    )
    assert _import(pembina, "klasifikasi", csv_text).created == 2
    assert ClassificationItem.objects.get(classification__code="kbli", code="01").parent == (
        ClassificationItem.objects.get(classification__code="kbli", code="A")
    )
    assert not Classification.objects.get(code="kosong").items.exists()
    data = {"data": [{"klasifikasi": "jk3", "nama": "Jenis kelamin", "kode_butir": "1", "label": "L"}]}
    assert _import(pembina, "klasifikasi", json.dumps(data), "k.json").created == 1


def test_classification_rows_that_disagree_or_point_to_a_missing_parent(pembina: Any) -> None:
    text = (
        "klasifikasi,nama,kode_butir,label,induk\n"
        "kbli,KBLI 2020,A,Pertanian,\n"
        "kbli,KBLI lain,B,Tambang,Z\n"
        "kbli,KBLI 2020,A,Dobel,\n"
    )
    with pytest.raises(transfer.ImportRejected) as caught:
        _import(pembina, "klasifikasi", text)
    found = {(p.row, p.column) for p in caught.value.problems}
    assert {(3, "nama"), (2, "induk"), (4, "kode_butir")} <= found
    assert not Classification.objects.filter(code="kbli").exists()


def test_activities(pembina: Any, orgs: dict[str, Any]) -> None:
    text = "kode,judul,tahun,cara,penyelenggara\nSKD-2025,Survei Kebutuhan Data,2025,survei,bps-lampung\n"
    assert _import(pembina, "kegiatan", text).created == 1
    assert StatisticalActivity.objects.get(code="SKD-2025").organization == orgs["bps"]
    bad = "kode,judul,tahun,cara\nSKD-2026,Survei,20x5,wawancara\n"
    with pytest.raises(transfer.ImportRejected) as caught:
        _import(pembina, "kegiatan", bad)
    assert {p.column for p in caught.value.problems} == {"tahun", "cara"}


@pytest.mark.parametrize(
    ("content", "name", "reason"),
    [
        (b"", "a.csv", "kosong"),
        (b"kode,nama\n", "a.csv", "tidak berisi"),
        (b"\x00\x01\x02PK junk" * 10, "a.csv", "NUL"),
        (b"kode,nama,kode\nA,B,C\n", "a.csv", "lebih dari sekali"),
        (b"kode,nama,rahasia\nA,B,C\n", "a.csv", "tidak dikenal"),
        (b"nama\nA\n", "a.csv", "wajib"),
        (b'{"data": [1, 2]}', "a.json", "daftar objek"),
        (b'{"data": [', "a.json", "JSON tidak sah"),
        ("kode,nama\nA,Caf\u00e9\n".encode("utf-8") + "B,Caf\u00e9\n".encode("cp1252"), "a.csv", "encoding"),
        (b"kode,nama\nA," + b"x" * 400 + b"\n", "a.csv", "terlalu panjang"),
    ],
)
def test_hostile_files_are_refused_with_a_reason(
    content: bytes, name: str, reason: str, pembina: Any, std: dict[str, Any]
) -> None:
    count = Indicator.objects.count()
    with pytest.raises(transfer.ImportRejected) as caught:
        _import(pembina, "indikator", content, name)
    assert any(reason in str(p) for p in caught.value.problems), caught.value.messages
    assert Indicator.objects.count() == count


def test_html_in_text_is_stored_as_text(pembina: Any, std: dict[str, Any]) -> None:
    _import(pembina, "indikator", "kode,nama\nXSS,<script>alert(1)</script>\n")
    assert Indicator.objects.get(code="XSS").name_id == "<script>alert(1)</script>"
