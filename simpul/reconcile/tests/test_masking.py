"""Masked copies (UU 27/2022): when the walidata masks the personal data in a dataset file, the public
downloads a copy without it while the producer, walidata and pembina keep the original; until the walidata
decides, the public gets nothing."""

from __future__ import annotations

import io
from typing import Any

import pytest
import xlsxwriter
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from simpul.datasets.models import AccessLevel, Resource
from simpul.reconcile import masking, pii, services
from simpul.reconcile.models import MaskedFile, PiiKind, PiiResolution

pytestmark = pytest.mark.django_db
NIK, PHONE, EMAIL = "1871010101900001", "081234567890", "budi@contoh.id"
CSV = f"nama;alamat;nik;telepon;jumlah\nBudi;Jl. Mawar 1;{NIK};{PHONE};3\nSiti;Jl. Melati 2;;{EMAIL};4\n"


def _xlsx(rows: list[list[Any]]) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet("Data")
    for r, row in enumerate(rows):
        sheet.write_row(r, 0, row)
    book.close()
    return out.getvalue()


def test_csv_copy_keeps_layout_and_masks_every_personal_value() -> None:
    masked = masking.masked_copy(CSV.encode("cp1252"), "csv").decode()
    lines = masked.splitlines()
    assert lines[0] == "nama;alamat;nik;telepon;jumlah"
    assert [line.split(";")[-1] for line in lines[1:]] == ["3", "4"]
    for secret in (NIK, PHONE, EMAIL, "Budi", "Mawar", "Melati"):
        assert secret not in masked
    assert not [
        f for f in pii.scan(content=masked.encode(), file_name="x.csv") if f["kind"] != PiiKind.NAME_ADDRESS
    ]


def test_xlsx_copy_masks_text_and_numbers_that_are_niks() -> None:
    from python_calamine import CalamineWorkbook

    content = _xlsx([["Nama", "NIK", "Umur"], ["Budi", 1871010101900001, 40], ["Siti", EMAIL, 35]])
    masked = masking.masked_copy(content, "xlsx")
    rows = CalamineWorkbook.from_filelike(io.BytesIO(masked)).get_sheet_by_name("Data").to_python()
    flat = " ".join(str(c) for row in rows for c in row)
    assert NIK not in flat
    assert EMAIL not in flat
    assert rows[0] == ["Nama", "NIK", "Umur"]
    assert [row[2] for row in rows[1:]] == [40, 35]


def test_formats_that_cannot_be_masked_say_what_to_do() -> None:
    with pytest.raises(ValidationError, match="berkas pengganti"):
        masking.masked_copy(b"%PDF-1.7 ...", "pdf")


@pytest.fixture
def public_file(flow: dict[str, Any], deliver: Any, settings: Any, tmp_path: Any) -> dict[str, Any]:
    settings.MEDIA_ROOT = tmp_path
    ds = flow["dinkes_ds"]
    ds.access = AccessLevel.PUBLIC
    ds.save()
    res = Resource(dataset=ds, title="pasien.csv", format="csv", size=len(CSV))
    res.file.save("pasien.csv", ContentFile(CSV.encode()))
    sub = deliver("dinkes", 5)
    url = reverse("datasets:resource", args=[ds.slug, res.pk])
    return {"res": res, "sub": sub, "url": url}


def _get(user: Any, url: str) -> Any:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client.get(url)


def _body(response: Any) -> str:
    return b"".join(response.streaming_content).decode()


def test_public_waits_then_gets_the_masked_copy_while_the_producer_keeps_the_original(
    flow: dict[str, Any], public_file: dict[str, Any]
) -> None:
    sub, url = public_file["sub"], public_file["url"]
    findings = list(sub.pii_findings.filter(resource=public_file["res"]))
    assert {f.kind for f in findings} >= {PiiKind.NIK, PiiKind.PHONE, PiiKind.NAME_ADDRESS}
    waiting = _get(None, url)
    assert waiting.status_code == 403
    assert "data pribadi" in waiting.content.decode()

    for finding in findings:
        services.pii_resolve(actor=flow["walidata"], finding=finding, resolution=PiiResolution.MASKED)
    assert MaskedFile.objects.filter(resource=public_file["res"]).count() == 1

    public = _get(None, url)
    assert public["X-Simpul-Masked"] == "1"
    text = _body(public)
    assert NIK not in text
    assert PHONE not in text
    assert "Budi" not in text
    assert ";3" in text
    for insider in (flow["dinkes_user"], flow["walidata"], flow["pembina"]):
        original = _get(insider, url)
        assert original["X-Simpul-Masked"] == "0"
        assert NIK in _body(original)
    outsider = _get(flow["kominfo_user"], url)  # a producer of another OPD is the public here
    assert NIK not in _body(outsider)
    # the original file itself was not touched
    with public_file["res"].file.open("rb") as handle:
        assert NIK.encode() in handle.read()
    # Should the masked copy go missing, the public gets nothing rather than the original.
    MaskedFile.objects.filter(resource=public_file["res"]).delete()
    assert _get(None, url).status_code == 403
    assert _get(flow["dinkes_user"], url)["X-Simpul-Masked"] == "0"


def test_lawful_files_are_published_as_they_are(flow: dict[str, Any], public_file: dict[str, Any]) -> None:
    for finding in public_file["sub"].pii_findings.filter(resource=public_file["res"]):
        services.pii_resolve(
            actor=flow["walidata"], finding=finding, resolution=PiiResolution.LAWFUL, reason="Perda 3/2024"
        )
    response = _get(None, public_file["url"])
    assert response["X-Simpul-Masked"] == "0"
    assert NIK in _body(response)


def test_masking_the_dataset_text_publishes_masked_text(flow: dict[str, Any], deliver: Any) -> None:
    ds = flow["dinkes_ds"]
    ds.description = f"Hubungi {EMAIL}"
    ds.save()
    sub = deliver("dinkes", 5)
    finding = sub.pii_findings.get(location=pii.DATASET_TEXT)
    services.pii_resolve(actor=flow["walidata"], finding=finding, resolution=PiiResolution.MASKED)
    ds.refresh_from_db()
    assert EMAIL not in ds.description
    assert ds.description.startswith("Hubungi bu")
