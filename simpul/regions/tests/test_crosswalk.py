"""The Kemendagri <-> BPS crosswalk: complete, exact, unique, and reproducible from the packaged files."""

import csv
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

from simpul.regions.crosswalk import (
    CrosswalkError,
    build_crosswalk,
    crosswalk_csv,
    fixtures_dir,
    read_exceptions,
)
from simpul.regions.models import Level, Region


def test_committed_crosswalk_equals_a_fresh_build() -> None:
    committed = (fixtures_dir() / "bps_crosswalk.csv").read_text(encoding="utf-8")
    assert crosswalk_csv(build_crosswalk()) == committed
    call_command("build_bps_crosswalk", "--check")


def test_lampung_codes_are_not_the_kemendagri_codes_without_dots() -> None:
    rows = {row.kemendagri_code: row.bps_code for row in build_crosswalk()}
    assert rows["18.04"] == "1801"  # Kab. Lampung Barat
    assert rows["18.01"] == "1803"  # Kab. Lampung Selatan
    assert rows["18.05"] == "1808"  # Tulang Bawang (BPS: TULANGBAWANG)
    assert rows["18.71"] == "1871"
    differs = [k for k, b in rows.items() if b and "." in k and b != k.replace(".", "")]
    assert len(differs) == 199  # dropping the dot would be wrong for 199 of the 514 kab/kota


def test_papua_provinces_cross_over() -> None:
    rows = {row.kemendagri_code: row for row in build_crosswalk()}
    assert rows["91"].bps_code == "94"  # Papua
    assert rows["92"].bps_code == "91"  # Papua Barat
    for new in ("93", "94", "95", "96"):
        assert rows[new].bps_code == ""
        assert rows[new].method == "exception"
    # kab/kota of the 2022 provinces carry their pre-split BPS codes, and say so
    assert rows["93.01"].bps_code == "9401"  # Merauke
    assert rows["96.71"].bps_code == "9171"  # Kota Sorong
    assert "2022" in rows["93.01"].note


@pytest.mark.django_db
def test_every_province_and_kabkota_has_a_bps_code_or_a_listed_exception() -> None:
    exceptions = {row["kemendagri_code"]: row for row in read_exceptions()}
    without = set(
        Region.objects.filter(level__lte=Level.KABKOTA, bps_code__isnull=True).values_list("code", flat=True)
    )
    listed_without = {code for code, row in exceptions.items() if not row["bps_code"]}
    assert without == listed_without == {"93", "94", "95", "96"}
    for code, row in exceptions.items():
        assert row["reason"].strip(), code
        if row["bps_code"]:
            assert Region.objects.get(code=code).bps_code == row["bps_code"]
    assert Region.objects.filter(level=Level.KABKOTA, bps_code__isnull=False).count() == 514


@pytest.mark.django_db
def test_bps_codes_are_unique_and_well_formed() -> None:
    codes = [
        (level, code or "")
        for level, code in Region.objects.filter(bps_code__isnull=False).values_list("level", "bps_code")
    ]
    assert len(codes) == 34 + 514
    assert len({code for _level, code in codes}) == len(codes)
    assert all(len(code) == {1: 2, 2: 4}[level] and code.isdigit() for level, code in codes)


def _copy_fixtures(tmp_path: Path) -> Path:
    for name in (
        "provinces.csv",
        "regencies.csv",
        "bps_provinces.csv",
        "bps_regencies.csv",
        "bps_exceptions.csv",
    ):
        shutil.copy(fixtures_dir() / name, tmp_path / name)
    return tmp_path


def _write_exceptions(directory: Path, rows: list[dict[str, str]]) -> None:
    with (directory / "bps_exceptions.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(
            fh, fieldnames=["kemendagri_code", "kemendagri_name", "bps_code", "bps_name", "reason"]
        )
        writer.writeheader()
        writer.writerows(rows)


def test_a_missing_exception_fails_the_build(tmp_path: Path) -> None:
    d = _copy_fixtures(tmp_path)
    _write_exceptions(d, [r for r in read_exceptions(d) if r["kemendagri_code"] != "76.01"])
    with pytest.raises(CrosswalkError, match="76.01"):
        build_crosswalk(d)


def test_a_needless_exception_fails_the_build(tmp_path: Path) -> None:
    d = _copy_fixtures(tmp_path)
    stale = {
        "kemendagri_code": "18.01",
        "kemendagri_name": "Kabupaten Lampung Selatan",
        "bps_code": "1803",
        "bps_name": "KABUPATEN LAMPUNG SELATAN",
        "reason": "not needed",
    }
    _write_exceptions(d, [*read_exceptions(d), stale])
    with pytest.raises(CrosswalkError, match="18.01"):
        build_crosswalk(d)


def test_an_exception_must_give_a_reason_and_a_real_bps_code(tmp_path: Path) -> None:
    d = _copy_fixtures(tmp_path)
    rows = read_exceptions(d)
    toba = next(r for r in rows if r["kemendagri_code"] == "12.12")
    _write_exceptions(d, [*(r for r in rows if r is not toba), {**toba, "reason": " "}])
    with pytest.raises(CrosswalkError, match="reason"):
        build_crosswalk(d)
    _write_exceptions(d, [*(r for r in rows if r is not toba), {**toba, "bps_code": "1299"}])
    with pytest.raises(CrosswalkError, match="1299"):
        build_crosswalk(d)
