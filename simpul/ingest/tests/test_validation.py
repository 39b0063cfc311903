"""Every problem is reported with the row and column the user sees, and nothing is stored."""

from __future__ import annotations

from typing import Any

from simpul.datasets.models import Observation
from simpul.ingest.models import RunStatus

HEAD = "indikator,wilayah,tahun,nilai\n"


def errors_of(run: Any) -> list[tuple[Any, ...]]:
    return [(e["row"], e["column"], e["value"], e["code"]) for e in run.report["errors"]]


def test_every_problem_is_collected_with_row_column_value(upload: Any) -> None:
    run = upload(
        HEAD
        + "IPM,18.01,2023,70.5\n"  # fine
        + "XYZ,18.01,2023,70\n"  # unknown indicator
        + "IPM,99.99,2023,70\n"  # unknown region code
        + "IPM,Lampung Selatn,2023,70\n"  # misspelt name: suggestions, no guess
        + "IPM,18.02,2023-Q1,70\n"  # a quarter for an annual indicator
        + "IPM,18.03,2023,tujuh puluh\n"  # not a number
        + "IPM,18.04,2023,170\n"  # over the maximum of 100
        + "PDDK,18.05,2023,12.5\n"  # people are counted in whole numbers
        + "IPM,18.01,2023,71\n"  # the same cell as row 2
        + "IPM,,2023,70\n"  # no region
    )
    assert run.status == RunStatus.INVALID
    assert errors_of(run) == [
        (3, "indikator", "XYZ", "unknown_indicator"),
        (4, "wilayah", "99.99", "unknown_region"),
        (5, "wilayah", "Lampung Selatn", "unknown_region"),
        (6, "tahun", "2023-Q1", "bad_period"),
        (7, "nilai", "tujuh puluh", "not_a_number"),
        (8, "nilai", "170", "out_of_range"),
        (9, "nilai", "12.5", "not_integer"),
        (10, "nilai", "71", "duplicate_cell"),
        (11, "wilayah", None, "missing_region"),
    ]
    by_row = {e["row"]: e for e in run.report["errors"]}
    assert by_row[5]["suggestions"][0].startswith("18.01 Kabupaten Lampung Selatan")
    assert by_row[10]["first_row"] == 2
    assert "0.0..100.0" in by_row[8]["message"]
    assert run.report["summary"]["unknown_region"] == 2
    assert run.error_count == 9
    assert not Observation.objects.exists()


def test_ambiguous_name_is_an_error_with_candidates_never_a_guess(upload: Any) -> None:
    run = upload(HEAD + "IPM,Tulang Bawang,2023,70\n")
    assert errors_of(run) == [(2, "wilayah", "Tulang Bawang", "ambiguous_region")]
    assert any(s.startswith("18.05 ") for s in run.report["errors"][0]["suggestions"])
    # Told the level, the same name is one region.
    run = upload(HEAD + "IPM,Tulang Bawang,2023,70\n", options={"region_level": 2})
    assert run.status == RunStatus.COMMITTED
    assert Observation.objects.get().region_id == "18.05"


def test_bps_codes_and_exact_names_resolve_to_kemendagri_codes(upload: Any) -> None:
    run = upload(HEAD + "IPM,1803,2023,70\nIPM,Kota Metro,2023,71\nIPM,18.10,2023,72\n")
    assert run.status == RunStatus.COMMITTED, run.report
    assert sorted(Observation.objects.values_list("region_id", flat=True)) == ["18.01", "18.10", "18.72"]


def test_code_that_lost_its_zero_in_excel_gets_a_hint(upload: Any) -> None:
    run = upload(HEAD + "IPM,18.1,2023,70\n")
    error = run.report["errors"][0]
    assert error["code"] == "unknown_region"
    assert error["suggestions"] == ["18.10 Kabupaten Pringsewu (Lampung)"]


def test_ambiguous_number_column_is_reported_unless_decimal_is_given(upload: Any) -> None:
    run = upload(HEAD + "PDDK,18.01,2023,1.234\nPDDK,18.02,2023,5\n")
    assert run.status == RunStatus.INVALID
    assert run.report["errors"][0]["code"] == "ambiguous_number"
    assert run.report["errors"][0]["column"] == "nilai"
    assert run.report["errors"][0]["row"] is None
    run = upload(HEAD + "PDDK,18.01,2023,1.234\nPDDK,18.02,2023,5\n", options={"decimal": ","})
    assert run.status == RunStatus.COMMITTED
    assert sorted(Observation.objects.values_list("value", flat=True)) == [5.0, 1234.0]


def test_unit_and_status_columns_are_checked(upload: Any) -> None:
    run = upload(
        "indikator,wilayah,tahun,nilai,satuan,status\n"
        "IPM,18.01,2023,70,Indeks,tetap\n"  # unit compared without case
        "IPM,18.02,2023,70,persen,sementara\n"
        "IPM,18.03,2023,70,indeks,kira-kira\n"
    )
    assert errors_of(run) == [
        (3, "satuan", "persen", "unit_mismatch"),
        (4, "status", "kira-kira", "bad_status"),
    ]


def test_disaggregation_columns_make_canonical_keys(upload: Any) -> None:
    run = upload(
        "indikator,wilayah,tahun,jenis kelamin,kelompok umur,nilai\n"
        "PDDK,18.01,2023,Perempuan,15-19,100\n"  # label or code, either way
        "PDDK,18.01,2023,1,15-19,90\n"
        "PDDK,18.01,2023,Total,,190\n"
        "PDDK,18.01,2023,3,,1\n"  # not a jenis kelamin code
        "IPM,18.01,2023,1,,70\n"  # IPM is not disaggregated by sex
    )
    assert errors_of(run) == [
        (5, "jenis kelamin", "3", "unknown_category"),
        (6, "jenis kelamin", "1", "disagg_not_allowed"),
    ]
    run = upload(
        "indikator,wilayah,tahun,jenis kelamin,kelompok umur,nilai\n"
        "PDDK,18.01,2023,Perempuan,15-19,100\n"
        "PDDK,18.01,2023,1,15-19,90\n"
        "PDDK,18.01,2023,Total,,190\n"
    )
    assert run.status == RunStatus.COMMITTED
    assert sorted(Observation.objects.values_list("disagg", flat=True)) == [
        "",
        "jk=1;ku=15-19",
        "jk=2;ku=15-19",
    ]


def test_wide_layout_years_as_columns(upload: Any) -> None:
    run = upload(
        "Kode Wilayah;2021;2022;2023\n18.01;68,5;69,1;-\n18.02;67,0;abc;70,2\n",
        options={"defaults": {"indicator": "IPM"}},
    )
    assert run.layout == "wide"
    assert errors_of(run) == [(3, "2022", "abc", "not_a_number")]
    run = upload(
        "Kode Wilayah;2021;2022;2023\n18.01;68,5;69,1;-\n18.02;67,0;68;70,2\n",
        options={"defaults": {"indicator": "IPM"}},
    )
    assert run.status == RunStatus.COMMITTED
    assert run.cells_total == 6
    assert run.cells_empty == 1
    assert run.inserted == 5
    got = set(Observation.objects.values_list("region_id", "period", "value"))
    assert ("18.01", "2022", 69.1) in got
    assert ("18.02", "2023", 70.2) in got


def test_explicit_mapping_and_remembered_mapping(upload: Any) -> None:
    text = "Kode Ind,Kab/Kota,Thn,Angka,Keterangan\nIPM,18.01,2023,70,catatan\n"
    run = upload(text)
    assert run.status == RunStatus.INVALID
    assert run.report["errors"][0]["code"] == "mapping_incomplete"
    mapping = {"Kab/Kota": "region", "Thn": "period", "Angka": "value", "Keterangan": "ignore"}
    run = upload(text, mapping=mapping)
    assert run.status == RunStatus.COMMITTED, run.report
    # Same headers next time: the mapping is remembered for this producer.
    run = upload(text.replace("70", "71"))
    assert run.status == RunStatus.COMMITTED, run.report
    assert run.mapping["Angka"] == "value"
    assert run.revised == 1


def test_periods_of_other_periodicities(upload: Any) -> None:
    run = upload(HEAD + 'INFL,18.71,Maret 2023,"0,3"\nPDRB.Q,18.71,Triwulan II 2023,"1.234,5"\n')
    assert run.status == RunStatus.COMMITTED, run.report
    assert set(Observation.objects.values_list("period", "value")) == {("2023-03", 0.3), ("2023-Q2", 1234.5)}
