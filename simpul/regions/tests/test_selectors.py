"""Lookup by either code scheme, children, and tolerant name matching."""

import pytest

from simpul.regions import selectors
from simpul.regions.models import Level, Region
from simpul.regions.names import normalise
from simpul.regions.selectors import (
    AmbiguousCode,
    InvalidRegionCode,
    region_children,
    region_get,
    region_match,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("code", "scheme", "expected"),
    [
        ("18.04", None, "18.04"),
        ("1801", None, "18.04"),
        ("18.04", "kemendagri", "18.04"),
        ("1801", "bps", "18.04"),
        ("18.01", None, "18.01"),
        ("1803", None, "18.01"),
        ("18", None, "18"),  # same province in both schemes: not ambiguous
        ("92", None, "92"),  # BPS has no 92 in the packaged source
        ("91", "kemendagri", "91"),
        ("91", "bps", "92"),
        ("94", "bps", "91"),
        ("18.01.04.2001", None, "18.01.04.2001"),
    ],
)
def test_lookup_by_either_scheme(code: str, scheme: selectors.Scheme | None, expected: str) -> None:
    found = region_get(code, scheme)
    assert isinstance(found, Region)
    assert found.code == expected


def test_codes_meaning_different_regions_are_reported_ambiguous() -> None:
    for code, kemendagri, bps in (("91", "Papua", "Papua Barat"), ("94", "Papua Tengah", "Papua")):
        found = region_get(code)
        assert isinstance(found, AmbiguousCode)
        assert found.candidates["kemendagri"].name == kemendagri
        assert found.candidates["bps"].name == bps


def test_unknown_codes_give_none() -> None:
    assert region_get("99") is None
    assert region_get("1899") is None
    assert region_get("1803010") is None  # kecamatan BPS codes are not packaged


@pytest.mark.parametrize(
    "code",
    [
        "",
        "1",
        "18.1",
        "18.",
        "181",
        "18.01.1",
        "abc",
        "18-01",
        " 18",
        "18\n",
        "١٨",
        "1" * 50,
        "1801",
        "18.01",
    ],
)
def test_malformed_codes_raise(code: str) -> None:
    scheme = {"1801": "kemendagri", "18.01": "bps"}.get(code)
    with pytest.raises(InvalidRegionCode):
        region_get(code, scheme)  # type: ignore[arg-type]


def test_children_and_descendants() -> None:
    lampung = Region.objects.get(code="18")
    kabkota = list(region_children(lampung).values_list("code", flat=True))
    assert len(kabkota) == 15
    assert kabkota[0] == "18.01"
    assert region_children(lampung, level=Level.KECAMATAN).count() == 229
    assert region_children(None).count() == 38
    with pytest.raises(ValueError, match="level"):
        region_children(lampung, level=Level.PROVINSI)


def test_normalise_spellings() -> None:
    assert normalise("Kab. Lampung Sel.").base == "lampung selatan"
    assert normalise("KABUPATEN TULANGBAWANG").compact == normalise("Kabupaten Tulang Bawang").compact
    assert normalise("Kota Administrasi Jakarta Pusat").kind == "kota"
    assert normalise("DKI Jakarta").base == normalise("Daerah Khusus Ibukota Jakarta").base == "jakarta"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Kab. Lampung Sel.", "18.01"),
        ("KOTA BANDAR LAMPUNG", "18.71"),
        ("Bandar Lampung", "18.71"),
        ("Kab Tulang Bawang Barat", "18.12"),
        ("Kabupaten Tulangbawang", "18.05"),
        ("kabupaten  lampung   barat", "18.04"),
        ("KAB. PESISIR BARAT", "18.13"),
    ],
)
def test_matching_finds_the_exact_region_first_with_a_clear_gap(query: str, expected: str) -> None:
    result = region_match(query, level=Level.KABKOTA)
    assert result.best is not None
    assert result.best.code == expected
    first, second = result.candidates[0], result.candidates[1]
    assert (first.code, first.exact, first.score) == (expected, True, 100.0)
    assert not second.exact
    assert second.score <= 90.0
    # the same answer without a level, and below the province
    below = region_match(query, level=Level.KABKOTA, parent=Region.objects.get(code="18")).best
    assert below is not None
    assert below.code == expected


def test_kab_and_kota_of_one_name_are_told_apart() -> None:
    assert region_match("Kota Bogor", level=2).best.code == "32.71"  # type: ignore[union-attr]
    assert region_match("Kab. Bogor", level=2).best.code == "32.01"  # type: ignore[union-attr]
    plain = region_match("Bogor", level=2)
    assert plain.best is None
    assert plain.ambiguous
    assert {c.code for c in plain.exact} == {"32.01", "32.71"}


def test_a_misspelling_is_suggested_but_not_taken() -> None:
    result = region_match("Lampung Selatn", level=2)
    assert result.best is None
    assert result.candidates[0].code == "18.01"
    assert 70 <= result.candidates[0].score <= 90
    kab = region_match("Kab Bandar Lampung", level=2)  # there is only a Kota Bandar Lampung
    assert kab.best is None
    assert kab.candidates[0].code == "18.71"


def test_matching_below_a_parent_and_at_other_levels() -> None:
    lamsel = Region.objects.get(code="18.01")
    result = region_match("Hajimena", level=Level.DESA, parent=lamsel)
    assert result.best is not None
    assert result.best.code == "18.01.04.2001"
    assert all(c.code.startswith("18.01.") for c in result.candidates)
    assert region_match("Jakarta", level=Level.PROVINSI).best.code == "31"  # type: ignore[union-attr]
    assert region_match("", level=2).candidates == ()
    assert region_match("!!!", level=2).candidates == ()


def test_every_kabkota_resolves_from_its_upper_case_abbreviated_name() -> None:
    # Speed is measured by `make bench SUITE=regions`, not here.
    names = list(Region.objects.filter(level=2).values_list("name", flat=True))
    queries = [n.upper().replace("KABUPATEN", "KAB.") for n in names]
    selectors.clear_match_cache()
    # Kab. Bogor, Kota Bogor... differ only by kind, which the query keeps: every one resolves
    assert sum(region_match(q, level=2).best is not None for q in queries) == 514
