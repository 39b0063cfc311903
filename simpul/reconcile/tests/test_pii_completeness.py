"""Personal data blocks publication until handled; completeness counts late and missing items."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from simpul.datasets.selectors import public_observations
from simpul.reconcile import pii, selectors, services
from simpul.reconcile.models import ConflictCase, PiiKind, PiiResolution, PlanItem, Submission


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("NIK 1871010101900001 milik warga", PiiKind.NIK),
        ("NIP 198501012010011001", PiiKind.NIP),
        ("hubungi 0812-3456-7890", PiiKind.PHONE),
        ("hubungi +6281234567890", PiiKind.PHONE),
        ("surel budi.santoso@gmail.com", PiiKind.EMAIL),
    ],
)
def test_scan_finds_personal_data(text: str, kind: str) -> None:
    (finding,) = pii.scan_text(text, "keterangan")
    assert finding["kind"] == kind
    assert "*" in finding["sample"]


def test_scan_ignores_statistics_and_finds_name_address_columns() -> None:
    assert pii.scan_text("Jumlah penduduk 9081234 jiwa tahun 2025, IPM 70,45", "x") == []
    content = b"nama,alamat,umur\nBudi,Jl. Kenanga 5,40\n"
    kinds = [f["kind"] for f in pii.scan(content=content, file_name="warga.csv")]
    assert kinds == [PiiKind.NAME_ADDRESS]
    assert pii.mask_text("NIK 1871010101900001") == "NIK 18************01"


def test_personal_data_blocks_publication_until_masked_or_lawful(flow: dict[str, Any], deliver: Any) -> None:
    w = flow["walidata"]
    sub = deliver("dinkes", 5, text="Petugas: 081234567890, NIK 1871010101900001")
    assert sorted(sub.pii_findings.values_list("kind", flat=True)) == [PiiKind.NIK, PiiKind.PHONE]
    sub = services.submission_verify(actor=w, submission=sub, expected_version=sub.version)
    with pytest.raises(ValidationError, match="data pribadi"):
        services.submission_publish(actor=w, submission=sub, expected_version=sub.version)
    nik, phone = sub.pii_findings.order_by("kind")
    services.pii_resolve(actor=w, finding=nik, resolution=PiiResolution.MASKED)
    with pytest.raises(ValidationError, match="dasar hukum"):
        services.pii_resolve(actor=w, finding=phone, resolution=PiiResolution.LAWFUL)
    services.pii_resolve(
        actor=w, finding=phone, resolution=PiiResolution.LAWFUL, reason="Nomor layanan publik"
    )
    services.submission_publish(actor=w, submission=sub, expected_version=sub.version)
    assert public_observations().count() == 1


def test_completeness_counts_delivered_late_missing(flow: dict[str, Any], deliver: Any, client: Any) -> None:
    today = timezone.localdate()
    # Dinkes: a second item due last month, never delivered (missing); BPS delivers after its due date (late).
    PlanItem.objects.create(
        plan=flow["dinkes_plan"],
        dataset=flow["dinkes_ds"],
        indicator=flow["std"]["ipm"],
        region_id="18",
        period="2025",
        due_date=today - datetime.timedelta(days=30),
    )
    flow["bps_item"].due_date = today - datetime.timedelta(days=3)
    flow["bps_item"].save()
    deliver("dinkes", 1)
    deliver("bps", 2)
    sub = Submission.objects.get(producer=flow["orgs"]["dinkes"])
    data = selectors.completeness(user=flow["walidata"], year=2026)
    rows = {r["organization"]["slug"]: r for r in data["producers"]}
    assert (
        rows["dinkes-lampung"]["items"],
        rows["dinkes-lampung"]["delivered"],
        rows["dinkes-lampung"]["missing"],
    ) == (2, 1, 1)
    assert (rows["bps-lampung"]["delivered"], rows["bps-lampung"]["late"]) == (1, 1)
    assert (data["province"]["late"], data["province"]["missing"]) == (1, 1)
    assert data["province"]["open_conflicts"] == 1
    assert rows["dinkes-lampung"]["open_conflicts"] == 1

    # The API twin, scoped to one producer; a producer of another OPD sees no other organization.
    client.force_login(flow["walidata"])
    body = client.get("/api/v1/completeness?year=2026&organization=dinkes-lampung").json()
    assert [r["organization"]["slug"] for r in body["producers"]] == ["dinkes-lampung"]
    assert body["province"]["missing"] == 1
    client.force_login(flow["kominfo_user"])
    assert client.get("/api/v1/completeness?year=2026").json()["producers"] == []
    client.logout()
    assert client.get("/api/v1/completeness?year=2026").status_code == 401

    # Median time from submission to publication, once published.
    w = flow["walidata"]
    case = ConflictCase.objects.get()
    services.conflict_decide(
        actor=w, case=case, producer=flow["orgs"]["bps"], reason="BPS", expected_version=case.version
    )
    sub = services.submission_verify(actor=w, submission=sub, expected_version=sub.version)
    services.submission_publish(actor=w, submission=sub, expected_version=sub.version)
    data = selectors.completeness(user=w, year=2026)
    assert data["province"]["median_hours_to_publication"] is not None
    page = Client()
    page.force_login(w)
    html = page.get("/satu-data/kelengkapan/?year=2026").content.decode()
    assert 'data-producer="dinkes-lampung"' in html


def test_dataset_files_and_text_are_scanned(
    flow: dict[str, Any], deliver: Any, settings: Any, tmp_path: Any
) -> None:
    from django.core.files.base import ContentFile

    from simpul.datasets.models import Resource

    settings.MEDIA_ROOT = tmp_path
    ds = flow["dinkes_ds"]
    ds.description = "Kontak petugas: petugas@dinkes.example.id"
    ds.save()
    res = Resource(dataset=ds, title="daftar-pasien.csv", format="csv", size=40)
    res.file.save("daftar-pasien.csv", ContentFile(b"nama,alamat,nik\nBudi,Jl. Mawar 1,1871010101900001\n"))
    sub = deliver("dinkes", 5)
    kinds = sorted(sub.pii_findings.values_list("kind", flat=True))
    assert kinds == sorted([PiiKind.EMAIL, PiiKind.NAME_ADDRESS, PiiKind.NIK])
