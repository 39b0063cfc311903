"""Evaluation pages and reports: rendering, visibility, forms, PDF and XLSX output, demo data."""

from __future__ import annotations

import io
import re
import zlib
from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from python_calamine import CalamineWorkbook

from simpul.assessment import evaluations as ev
from simpul.assessment import reports
from simpul.assessment.models import Answer, Evaluation, Evidence, Layer

from .helpers import PDF, fill


def pdf_pages(pdf: bytes) -> int:
    """Page objects in a PDF, looking inside compressed object streams too (no PDF library needed)."""
    chunks = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            chunks.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return sum(len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", chunk)) for chunk in chunks)


def as_int(value: Any) -> int:
    """A spreadsheet cell holding a whole number (calamine reads numbers as floats)."""
    return int(float(value))


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def demo(frameworks: Any, db: Any) -> dict[str, Evaluation]:
    from simpul.assessment.demo import load_demo_evaluations
    from simpul.core.demo import load_demo

    load_demo()  # creates the demo evaluations too
    assert Evaluation.objects.count() == 5
    assert load_demo_evaluations() == {"evaluations": 0}
    return {f"{e.instansi.slug}-{e.year}": e for e in Evaluation.objects.select_related("instansi")}


def test_demo_profiles_are_complete_and_different(demo: dict[str, Evaluation]) -> None:
    finished = [e for e in demo.values() if e.status == "selesai"]
    assert len(finished) == 4
    indices = {}
    for item in finished:
        overview = ev.overview(item)
        assert Answer.objects.filter(evaluation=item, layer=Layer.MANDIRI).count() == 47
        assert overview.scores["final"] is not None
        indices[item.instansi.slug] = overview.scores["final"].index.rounded
    assert len(set(indices.values())) == 4
    assert indices["pemprov-lampung"] > indices["pemda-kota-bandar-lampung"] > indices["pemda-kota-metro"]
    ongoing = demo["pemprov-lampung-2025"]
    assert ongoing.status == "mandiri"
    assert ev.overview(ongoing).scores["mandiri"] is None


def test_public_summary_lists_finished_only(demo: dict[str, Evaluation], client: Client) -> None:
    response = client.get(reverse("evaluasi:home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Pemerintah Kota Metro" in html
    data = client.get(reverse("evaluasi:home") + "?format=json").json()["results"]
    assert len(data) == 4
    assert {r["year"] for r in data} == {2024}
    assert all(r["predicate"] in {"Memuaskan", "Sangat Baik", "Baik", "Cukup", "Kurang"} for r in data)


def test_reports_generate(demo: dict[str, Evaluation]) -> None:
    overview = ev.overview(demo["pemprov-lampung-2024"])
    for pdf in (reports.berita_acara_pdf(overview), reports.report_pdf(overview)):
        assert pdf.startswith(b"%PDF")
        assert pdf_pages(pdf) >= 2
    data = reports.report_xlsx(overview)
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    assert book.sheet_names == ["Ringkasan", "Lembar jawaban"]
    rows = book.get_sheet_by_name("Lembar jawaban").to_python()
    assert rows[0][0] == "Nomor"
    assert len(rows) == 48
    assert [as_int(r[0]) for r in rows[1:]] == list(range(1, 48))
    header = rows[0]
    final_col, mandiri_col = header.index("Tingkat akhir"), header.index("Tingkat mandiri")
    for row in rows[1:]:
        assert as_int(row[final_col]) == overview.final[as_int(row[0])]
        assert as_int(row[mandiri_col]) == overview.answers["mandiri"][as_int(row[0])].level
    summary = book.get_sheet_by_name("Ringkasan").to_python()
    final_row = next(r for r in summary if r[0] == "Hasil akhir")
    assert overview.scores["final"] is not None
    assert final_row[1] == pytest.approx(float(overview.scores["final"].index.rounded))


def test_pages_for_the_instansi_and_refusal_for_others(
    evaluation: Any, people: Any, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    op = client_for(people["operator"])
    detail = reverse("penilaian:detail", args=[evaluation.pk])
    answer = reverse("penilaian:answer", args=[evaluation.pk, 1])
    assert op.get(reverse("evaluasi:work")).status_code == 200
    assert "Pemerintah Provinsi Lampung" in op.get(reverse("evaluasi:work")).content.decode()
    page = op.get(answer)
    assert page.status_code == 200
    assert 'name="level"' in page.content.decode()
    assert 'name="fakta"' in page.content.decode()
    response = op.post(
        answer,
        {"level": "3", "fakta": "Pergub 1/2024", "analisis": "Semua domain", "version": "0", "next": "1"},
    )
    assert response.status_code == 302
    assert response["Location"].endswith("/indikator/2/")
    saved = Answer.objects.get(evaluation=evaluation, layer="mandiri", indicator__number=1)
    assert (saved.level, saved.fakta, saved.analisis) == (3, "Pergub 1/2024", "Semua domain")
    # a stale form (old version) is refused with a message, nothing changes
    stale = op.post(answer, {"level": "5", "version": "0"})
    assert stale.status_code == 422
    assert "diubah orang lain" in stale.content.decode()
    saved.refresh_from_db()
    assert saved.level == 3
    # evidence: a fake PDF is refused, a real one stored and downloadable only by the instansi
    add = reverse("penilaian:evidence-add", args=[evaluation.pk, 1])
    today = timezone.localdate()
    op.post(
        add,
        {"title": "Palsu", "document_date": today.isoformat(), "file": SimpleUploadedFile("x.pdf", b"MZ")},
    )
    assert not Evidence.objects.exists()
    op.post(
        add, {"title": "Pergub", "document_date": today.isoformat(), "file": SimpleUploadedFile("p.pdf", PDF)}
    )
    item = Evidence.objects.get()
    file_url = reverse("penilaian:evidence-file", args=[evaluation.pk, item.pk])
    download = op.get(file_url)
    assert download.status_code == 200
    assert download.getvalue().startswith(b"%PDF")
    # the other kabupaten sees none of it
    other = client_for(people["other_operator"])
    for url in (detail, answer, file_url, reverse("penilaian:report-xlsx", args=[evaluation.pk])):
        assert other.get(url).status_code == 404
    assert other.post(answer, {"level": "1"}).status_code == 404
    assert "Pemerintah Provinsi Lampung" not in other.get(reverse("evaluasi:work")).content.decode()
    # the pimpinan reads but gets no form
    boss = client_for(people["pimpinan"]).get(answer)
    assert boss.status_code == 200
    assert 'name="fakta"' not in boss.content.decode()
    assert client_for(people["pimpinan"]).post(answer, {"level": "1"}).status_code == 403
    assert (
        client_for(people["pj"]).get(reverse("penilaian:berita-acara", args=[evaluation.pk])).content[:4]
        == b"%PDF"
    )
    assert item.document_date > today - timedelta(days=1)


def test_open_and_advance_through_pages(evaluation: Any, people: Any, frameworks: Any, orgs: Any) -> None:
    koord = client_for(people["koordinator"])
    response = koord.post(
        reverse("evaluasi:work"),
        {
            "framework": frameworks["spbe-2020"].pk,
            "instansi": orgs["prov"].pk,
            "year": 2026,
            "target_index": "3.2",
        },
    )
    assert response.status_code == 302
    created = Evaluation.objects.get(year=2026)
    assert created.instansi == orgs["prov"]
    assert str(created.target_index) == "3.20"
    # an operator has no open form and cannot post one
    assert client_for(people["operator"]).post(reverse("evaluasi:work"), {"year": 2027}).status_code == 403
    # advancing with everything filled moves the stage; the version guards against a double submit
    fill(evaluation, people["operator"], Layer.MANDIRI, 3)
    url = reverse("penilaian:advance", args=[evaluation.pk])
    op = client_for(people["operator"])
    op.post(url, {"version": evaluation.version})
    op.post(url, {"version": evaluation.version})
    evaluation.refresh_from_db()
    assert evaluation.status == "verifikasi"
    assert evaluation.version == 2
    detail = client_for(people["pj"]).get(reverse("penilaian:detail", args=[evaluation.pk])).content.decode()
    assert "Selesaikan verifikasi" in detail
    assert "3,00" in detail  # the self-assessed index, formatted the Indonesian way
