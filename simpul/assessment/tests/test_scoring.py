"""Scoring by PermenPANRB 59/2020 Lampiran II.B.4, checked against the regulation's worked examples."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from simpul.assessment.loaders import default_directory, read_file
from simpul.assessment.scoring import LevelsError, check_levels, domain_value, index_value, predicate, score
from simpul.assessment.spec import FrameworkSpec

SPBE = read_file(default_directory() / "spbe-2020.yaml")
NUMBERS = SPBE.indicator_numbers()


def levels_with(base: int = 1, **overrides: int) -> dict[int, int]:
    levels = dict.fromkeys(NUMBERS, base)
    levels.update({int(k[1:]): v for k, v in overrides.items()})
    return levels


def test_structure_matches_regulation(spbe_spec: FrameworkSpec) -> None:
    assert [d.weight for d in spbe_spec.domains] == [13, 25, Fraction("16.5"), Fraction("45.5")]
    assert [a.weight for a in spbe_spec.aspects()] == [
        13,
        10,
        10,
        5,
        12,
        Fraction("4.5"),
        Fraction("27.5"),
        18,
    ]
    assert len(NUMBERS) == 47
    assert NUMBERS == list(range(1, 48))
    scales = {i.number: i.scale for i in spbe_spec.indicators()}
    assert {scales[n] for n in range(1, 32)} == {"proses"}
    assert {scales[n] for n in range(32, 48)} == {"layanan"}
    assert [lv.name for lv in spbe_spec.scale("layanan").levels] == [
        "Informasi",
        "Interaksi",
        "Transaksi",
        "Kolaborasi",
        "Optimum",
    ]


def test_worked_example_aspect() -> None:
    # Lampiran II.B.4: indicators 11-14 at levels 3, 4, 3, 2, each weighted 2,50 -> 30/10 = 3,00.
    result = score(SPBE, levels_with(i11=3, i12=4, i13=3, i14=2))
    assert result.aspects[2].value == 3
    assert str(result.aspects[2].rounded) == "3.00"


def test_worked_example_domain() -> None:
    # Aspects 3,00 / 4,00 / 3,00 weighted 10 / 10 / 5 -> 85/25 = 3,40.
    domain = SPBE.domains[1]
    assert domain_value(domain, {2: Fraction(3), 3: Fraction(4), 4: Fraction(3)}) == Fraction("3.4")
    # The same from indicator levels: aspect 2 as above, aspect 3 all 4, aspect 4 all 3.
    levels = levels_with(i11=3, i12=4, i13=3, i14=2, i15=4, i16=4, i17=4, i18=4, i19=3, i20=3)
    result = score(SPBE, levels)
    assert result.domains[2].value == Fraction("3.4")
    assert f"{result.domains[2]}" == "3.40 Baik"


def test_worked_example_index() -> None:
    # Domains 3,70 / 3,40 / 3,00 / 3,20 -> 328,20/100 = 3,28 (kept exact: 3.282).
    value = index_value(SPBE, {1: Fraction("3.7"), 2: Fraction("3.4"), 3: Fraction(3), 4: Fraction("3.2")})
    assert value == Fraction("3.282")
    assert predicate(value, SPBE.predicates) == "Baik"
    from simpul.assessment.scoring import round_half_up

    assert round_half_up(value) == Decimal("3.28")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("5", "Memuaskan"),
        ("4.2", "Memuaskan"),
        ("4.19", "Sangat Baik"),
        ("3.5", "Sangat Baik"),
        ("3.49", "Baik"),
        ("2.6", "Baik"),
        ("2.59", "Cukup"),
        ("1.86", "Cukup"),
        ("1.8", "Cukup"),
        ("1.79", "Kurang"),
        ("1", "Kurang"),
    ],
)
def test_predicate_bands(value: str, expected: str) -> None:
    assert predicate(Fraction(value), SPBE.predicates) == expected


def test_predicate_follows_the_displayed_value() -> None:
    # 3.4996 is shown as 3,50, so it must not be labelled Baik next to "3,50".
    assert predicate(Fraction("3.4996"), SPBE.predicates) == "Sangat Baik"
    assert predicate(Fraction("3.4949"), SPBE.predicates) == "Baik"


def test_all_five_and_all_one() -> None:
    top = score(SPBE, levels_with(5))
    assert str(top.index) == "5.00 Memuaskan"
    assert all(str(s) == "5.00 Memuaskan" for s in [*top.domains.values(), *top.aspects.values()])
    bottom = score(SPBE, levels_with(1))
    assert str(bottom.index) == "1.00 Kurang"
    assert all(str(s) == "1.00 Kurang" for s in [*bottom.domains.values(), *bottom.aspects.values()])


def test_levels_problems_are_named() -> None:
    levels: dict[object, object] = {str(n): 3 for n in NUMBERS}
    del levels["12"]
    levels["7"] = 6
    levels["8"] = 0
    levels["9"] = "3"
    levels["48"] = 2
    levels["abc"] = 2
    with pytest.raises(LevelsError) as err:
        check_levels(SPBE, levels)
    problems = {(p["indicator"], p["problem"]) for p in err.value.problems}
    assert problems == {
        ("12", "missing"),
        ("7", "level_out_of_range"),
        ("8", "level_out_of_range"),
        ("9", "level_out_of_range"),
        ("48", "unknown_indicator"),
        ("abc", "unknown_indicator"),
    }


level_maps = st.fixed_dictionaries({n: st.integers(min_value=1, max_value=5) for n in NUMBERS})


@given(level_maps)
def test_every_score_lies_between_one_and_five(levels: dict[int, int]) -> None:
    result = score(SPBE, levels)
    for item in [result.index, *result.domains.values(), *result.aspects.values()]:
        assert 1 <= item.value <= 5
        assert Decimal("1.00") <= item.rounded <= Decimal("5.00")


@given(level_maps)
def test_index_equals_weighted_sum_of_indicators(levels: dict[int, int]) -> None:
    expected = sum((levels[i.number] * i.weight for i in SPBE.indicators()), Fraction(0)) / 100
    assert score(SPBE, levels).index.value == expected


@given(level_maps, st.sampled_from(NUMBERS))
def test_raising_an_indicator_never_lowers_any_score(levels: dict[int, int], number: int) -> None:
    if levels[number] == 5:
        return
    before = score(SPBE, levels)
    after = score(SPBE, {**levels, number: levels[number] + 1})
    assert after.index.value > before.index.value
    assert all(after.domains[k].value >= v.value for k, v in before.domains.items())
    assert all(after.aspects[k].value >= v.value for k, v in before.aspects.items())
    bands = [band.name for band in SPBE.predicates]
    assert bands.index(after.index.predicate) <= bands.index(before.index.predicate)


@pytest.mark.parametrize("name", ["epss-2022.yaml", "smart-city-2017.yaml"])
def test_other_frameworks_score_to_bounds(name: str) -> None:
    spec = read_file(default_directory() / name)
    assert not spec.weights_confirmed
    numbers = spec.indicator_numbers()
    assert str(score(spec, dict.fromkeys(numbers, 5)).index) == "5.00 Memuaskan"
    assert str(score(spec, dict.fromkeys(numbers, 1)).index) == "1.00 Kurang"
