"""Import of earlier years' final results from XLSX: both layouts, every row checked, all or nothing."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from simpul.assessment import analysis, comparison, imports
from simpul.assessment.models import Answer, Evaluation, ImportedEvaluation, ResultImport
from simpul.core.models import AuditEntry
from simpul.organizations.models import Organization
from simpul.regions.models import Region

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx(rows: list[list[Any]]) -> bytes:
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Hasil")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is not None:
                sheet.write(r, c, value)
    book.close()
    return buffer.getvalue()


def wide_rows(*entries: tuple[str, int, int | dict[int, int]]) -> list[list[Any]]:
    rows: list[list[Any]] = [["Instansi", "Tahun", "Target", *[str(n) for n in range(1, 48)]]]
    for name, year, level in entries:
        levels = [level if isinstance(level, int) else level.get(n, 3) for n in range(1, 48)]
        rows.append([name, year, None, *levels])
    return rows


def long_rows(name: str, year: int, level: int) -> list[list[Any]]:
    return [["instansi", "tahun", "indikator", "tingkat"]] + [[name, year, n, level] for n in range(1, 48)]


def test_wide_file_is_stored_as_finished_imported_evaluations(
    frameworks: dict[str, Any], orgs: dict[str, Any], people: dict[str, Any]
) -> None:
    content = xlsx(
        wide_rows(
            ("pemprov-lampung", 2022, 3),  # slug
            ("Pemerintah Kabupaten Lampung Selatan", 2022, {1: 1, 47: 5}),  # name
            ("18", 2021, 2),  # a pemda's region code
        )
    )
    outcome = imports.import_results(
        actor=people["koordinator"],
        content=content,
        file_name="hasil.xlsx",
        framework=frameworks["spbe-2020"],
    )
    assert not outcome.dry_run
    assert len(outcome.groups) == 3
    evaluations = Evaluation.objects.filter(imported__isnull=False)
    assert evaluations.count() == 3
    assert set(evaluations.values_list("status", flat=True)) == {"selesai"}
    assert Answer.objects.filter(evaluation__in=evaluations).count() == 3 * 47
    batch = ResultImport.objects.get()
    assert batch.evaluations_count == 3
    assert batch.imported_by == people["koordinator"]
    assert AuditEntry.objects.filter(action="assessment.evaluation_imported").count() == 3
    assert AuditEntry.objects.filter(action="assessment.results_imported").count() == 1
    # imported results take part in comparisons and analysis like any finished evaluation
    ranking = comparison.across_instansi(year=2022).ranking
    assert [(r.evaluation.instansi.slug, float(r.score.index.rounded), r.imported) for r in ranking] == [
        ("pemkab-lampung-selatan", 3.03, True),
        ("pemprov-lampung", 3.0, True),
    ]
    lamsel = Evaluation.objects.get(instansi=orgs["lamsel"], year=2022)
    _overview, result = analysis.for_evaluation(lamsel)
    assert [i.number for i in result.weaknesses] == [1]


def test_long_file_with_target(
    frameworks: dict[str, Any], orgs: dict[str, Any], people: dict[str, Any]
) -> None:
    rows = long_rows("pemprov-lampung", 2020, 4)
    rows[0].append("target")
    rows[1].append(3.5)
    imports.import_results(
        actor=people["admin"], content=xlsx(rows), file_name="p.xlsx", framework=frameworks["spbe-2020"]
    )
    evaluation = Evaluation.objects.get(year=2020)
    assert str(evaluation.target_index) == "3.50"
    assert ImportedEvaluation.objects.filter(evaluation=evaluation).exists()


def test_one_broken_row_stores_nothing_and_names_every_problem(
    frameworks: dict[str, Any], orgs: dict[str, Any], people: dict[str, Any]
) -> None:
    rows = long_rows("pemprov-lampung", 2022, 3)
    rows[5][3] = 6  # row 6: level out of range
    rows[7][3] = 2.5  # row 8: not a whole number
    rows[9][2] = 48  # row 10: unknown indicator
    rows.append(["pemprov-lampung", 2022, 1, 3])  # row 49: duplicate of row 2
    rows.append(["Pemkab Entah", 2022, 1, 3])  # row 50: unknown instansi
    rows.append(["pemprov-lampung", 1899, 2, 3])  # row 51: bad year
    with pytest.raises(imports.ImportRejected) as caught:
        imports.import_results(
            actor=people["koordinator"],
            content=xlsx(rows),
            file_name="x.xlsx",
            framework=frameworks["spbe-2020"],
        )
    problems = [(e.row, e.column) for e in caught.value.errors]
    assert problems == [
        (6, "tingkat"),
        (8, "tingkat"),
        (10, "indikator"),
        (49, "indikator"),
        (50, "instansi"),
        (51, "tahun"),
    ]
    assert "baris 2" in caught.value.errors[3].message
    assert not Evaluation.objects.exists()
    assert not ResultImport.objects.exists()
    assert (
        not AuditEntry.objects.filter(action__startswith="assessment.")
        .exclude(action="assessment.framework_loaded")
        .exists()
    )


def test_wide_problems_missing_indicators_and_existing_evaluation(
    frameworks: dict[str, Any], orgs: dict[str, Any], people: dict[str, Any]
) -> None:
    from .analysis_helpers import finished_evaluation

    finished_evaluation(frameworks["spbe-2020"], orgs["prov"], 2023, 3)
    rows = wide_rows(
        ("pemprov-lampung", 2023, 3), ("pemkab-lampung-selatan", 2023, 3), ("pemkab-lampung-selatan", 2023, 3)
    )
    with pytest.raises(imports.ImportRejected) as caught:
        imports.import_results(
            actor=people["admin"], content=xlsx(rows), file_name="w.xlsx", framework=frameworks["spbe-2020"]
        )
    messages = [str(e) for e in caught.value.errors]
    assert len(messages) == 2
    assert messages[0].startswith("baris 2")
    assert "sudah ada" in messages[0]
    assert messages[1].startswith("baris 4")
    assert "Duplikat" in messages[1]
    # a column missing from the header
    rows = wide_rows(("pemkab-lampung-selatan", 2023, 3))
    for row in rows:
        del row[-1]
    with pytest.raises(imports.ImportRejected) as caught:
        imports.import_results(
            actor=people["admin"], content=xlsx(rows), file_name="w.xlsx", framework=frameworks["spbe-2020"]
        )
    assert "47" in str(caught.value.errors[0])
    assert caught.value.errors[0].row == 2
    assert Evaluation.objects.count() == 1


def test_who_may_import_for_whom(
    frameworks: dict[str, Any], orgs: dict[str, Any], people: dict[str, Any]
) -> None:
    metro = Organization.objects.create(
        slug="pemda-kota-metro",
        name="Pemerintah Kota Metro",
        kind="pemda",
        region=Region.objects.get(code="18.72"),
    )
    fw = frameworks["spbe-2020"]
    # the province's koordinator may import for its kab/kota
    imports.import_results(
        actor=people["koordinator"],
        content=xlsx(long_rows(metro.slug, 2021, 2)),
        file_name="m.xlsx",
        framework=fw,
    )
    # a kabupaten's koordinator may not import for the province
    with pytest.raises(imports.ImportRejected) as caught:
        imports.import_results(
            actor=people["other_koordinator"],
            content=xlsx(long_rows("pemprov-lampung", 2021, 2)),
            file_name="p.xlsx",
            framework=fw,
        )
    assert "tidak berwenang" in caught.value.errors[0].message
    with pytest.raises(PermissionDenied):
        imports.import_results(
            actor=people["operator"],
            content=xlsx(long_rows(metro.slug, 2020, 2)),
            file_name="m.xlsx",
            framework=fw,
        )


def test_not_an_xlsx(frameworks: dict[str, Any], people: dict[str, Any]) -> None:
    with pytest.raises(imports.ImportRejected) as caught:
        imports.import_results(
            actor=people["admin"],
            content=b"instansi,tahun\n",
            file_name="a.xlsx",
            framework=frameworks["spbe-2020"],
        )
    assert caught.value.errors[0].row == 0


def test_import_page_check_then_store(
    client: Any, frameworks: dict[str, Any], orgs: dict[str, Any], people: dict[str, Any]
) -> None:
    url = reverse("penilaian:import")
    client.force_login(people["operator"])
    assert client.get(url).status_code == 403
    client.force_login(people["koordinator"])
    assert client.get(url).status_code == 200
    template = client.get(reverse("penilaian:import-template"))
    assert template.status_code == 200
    assert template["Content-Type"] == XLSX
    content = xlsx(wide_rows(("pemprov-lampung", 2022, 3)))
    checked = client.post(url, {"action": "check", "file": SimpleUploadedFile("h.xlsx", content, XLSX)})
    assert checked.status_code == 200
    assert b"data-import-ok" in checked.content
    assert not Evaluation.objects.exists()
    broken = xlsx(wide_rows(("pemprov-lampung", 2022, {5: 9})))
    refused = client.post(url, {"action": "store", "file": SimpleUploadedFile("h.xlsx", broken, XLSX)})
    assert refused.status_code == 422
    assert b'data-row="2"' in refused.content
    assert not Evaluation.objects.exists()
    stored = client.post(url, {"action": "store", "file": SimpleUploadedFile("h.xlsx", content, XLSX)})
    assert stored.status_code == 302
    assert Evaluation.objects.filter(year=2022, status="selesai", imported__isnull=False).count() == 1


def test_management_command(tmp_path: Any, frameworks: dict[str, Any], orgs: dict[str, Any]) -> None:
    good = tmp_path / "baik.xlsx"
    good.write_bytes(xlsx(long_rows("pemkab-lampung-selatan", 2019, 3)))
    call_command("import_evaluation_results", str(good), "--periksa")
    assert not Evaluation.objects.exists()
    call_command("import_evaluation_results", str(good))
    assert Evaluation.objects.filter(year=2019).count() == 1
    with pytest.raises(CommandError, match="1 masalah"):
        call_command("import_evaluation_results", str(good))  # already exists
    assert Evaluation.objects.count() == 1
