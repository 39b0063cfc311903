import pytest

from simpul.standards.models import Periodicity
from simpul.standards.periods import detect_period, is_canonical, parse_period, periodicity_of


@pytest.mark.parametrize(
    ("text", "periodicity", "expected"),
    [
        ("2023", Periodicity.TAHUNAN, "2023"),
        (" 2023 ", Periodicity.TAHUNAN, "2023"),
        ("2023-S1", Periodicity.SEMESTERAN, "2023-S1"),
        ("Semester II 2023", Periodicity.SEMESTERAN, "2023-S2"),
        ("S2 2023", Periodicity.SEMESTERAN, "2023-S2"),
        ("2023-Q2", Periodicity.TRIWULANAN, "2023-Q2"),
        ("Triwulan III 2023", Periodicity.TRIWULANAN, "2023-Q3"),
        ("TW4 2023", Periodicity.TRIWULANAN, "2023-Q4"),
        ("q1-2024", Periodicity.TRIWULANAN, "2024-Q1"),
        ("2023-03", Periodicity.BULANAN, "2023-03"),
        ("2023-3", Periodicity.BULANAN, "2023-03"),
        ("03/2023", Periodicity.BULANAN, "2023-03"),
        ("Maret 2023", Periodicity.BULANAN, "2023-03"),
        ("Agustus 2023", Periodicity.BULANAN, "2023-08"),
        ("Dec 2023", Periodicity.BULANAN, "2023-12"),
    ],
)
def test_common_spellings_become_canonical(text: str, periodicity: str, expected: str) -> None:
    assert parse_period(text, periodicity) == expected
    assert is_canonical(expected, periodicity)
    assert periodicity_of(expected) == periodicity


@pytest.mark.parametrize(
    ("text", "periodicity"),
    [
        ("2023-Q2", Periodicity.TAHUNAN),  # a quarter is not a year
        ("2023", Periodicity.TRIWULANAN),
        ("2023-Q5", Periodicity.TRIWULANAN),
        ("2023-S3", Periodicity.SEMESTERAN),
        ("2023-13", Periodicity.BULANAN),
        ("Foo 2023", Periodicity.BULANAN),
        ("23", Periodicity.TAHUNAN),
        ("", Periodicity.TAHUNAN),
        ("0999", Periodicity.TAHUNAN),
    ],
)
def test_wrong_periods_are_refused(text: str, periodicity: str) -> None:
    assert parse_period(text, periodicity) is None


def test_detect_period_for_wide_headers() -> None:
    assert detect_period("2021") == ("2021", Periodicity.TAHUNAN)
    assert detect_period("Triwulan I 2021") == ("2021-Q1", Periodicity.TRIWULANAN)
    assert detect_period("Kabupaten/Kota") is None
