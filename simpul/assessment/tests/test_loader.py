"""load_frameworks: validated, idempotent, versioned, all or nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from django.core.management import CommandError, call_command

from simpul.assessment.loaders import FrameworkLoadError, default_directory, load_framework_files, read_file
from simpul.assessment.models import Framework, Indicator, LevelCriterion
from simpul.assessment.selectors import framework_spec
from simpul.assessment.selectors import get_framework as _get_framework
from simpul.assessment.spec import FrameworkSpecError
from simpul.core.models import AuditEntry

SPBE_FILE = default_directory() / "spbe-2020.yaml"


def spbe_data() -> dict[str, Any]:
    return yaml.safe_load(SPBE_FILE.read_text(encoding="utf-8"))


def get_framework(code: str, edition: str | None = None) -> Framework:
    framework = _get_framework(code, edition)
    assert framework is not None
    return framework


def write(tmp_path: Path, name: str, data: Any) -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def indicator(data: dict[str, Any], number: int) -> dict[str, Any]:
    return next(
        i for d in data["domains"] for a in d["aspects"] for i in a["indicators"] if i["number"] == number
    )


def test_loads_the_packaged_frameworks(frameworks: dict[str, Any]) -> None:
    assert set(frameworks) == {"spbe-2020", "epss", "smart-city"}
    spbe = frameworks["spbe-2020"]
    assert (spbe.domains.count(), spbe.aspects.count(), spbe.indicators.count()) == (4, 8, 47)
    assert LevelCriterion.objects.filter(indicator__framework=spbe).count() == 47 * 5
    first = spbe.indicators.get(number=1)
    assert first.weight == "1.30"
    assert first.scale.key == "proses"
    assert first.aspect.number == 1
    assert spbe.indicators.get(number=32).scale.levels.get(level=3).name == "Transaksi"
    assert frameworks["epss"].weights_confirmed is False
    assert frameworks["smart-city"].weights_confirmed is False
    assert AuditEntry.objects.filter(action="assessment.framework_loaded").count() == 3


def test_stored_edition_reads_back_as_the_file(frameworks: dict[str, Any]) -> None:
    from simpul.assessment.loaders import content_key

    for framework in frameworks.values():
        assert content_key(framework_spec(framework)) == content_key(read_file(Path(framework.source_file)))


def test_loading_again_changes_nothing(frameworks: dict[str, Any]) -> None:
    ids = list(Indicator.objects.order_by("id").values_list("id", flat=True))
    outcomes = load_framework_files()
    assert {o.status for o in outcomes} == {"unchanged"}
    assert list(Indicator.objects.order_by("id").values_list("id", flat=True)) == ids
    assert AuditEntry.objects.filter(action__startswith="assessment.").count() == 3


@pytest.mark.parametrize(
    ("breakage", "message"),
    [
        (
            lambda d: indicator(d, 3).update(weight="1.40"),
            "aspect 1: the indicator weights sum to 13.1, not 13",
        ),
        (lambda d: d["domains"][3].update(weight="45"), "domains: the domain weights sum to 99.5, not 100"),
        (lambda d: indicator(d, 5)["criteria"].pop(5), "indicator 5: needs exactly five level criteria"),
        (lambda d: indicator(d, 6).update(number=7), "indicator 7: indicator number is used twice"),
        (lambda d: indicator(d, 40).update(scale="digital"), "indicator 40: unknown scale 'digital'"),
        (
            lambda d: indicator(d, 41)["criteria"].update({2: " "}),
            "indicator 41: level 2 criterion must be non-empty",
        ),
        (lambda d: d["scales"][0]["levels"].pop(5), "needs exactly five levels"),
        (lambda d: d.update(code="SPBE 2020"), "must be lowercase letters"),
        (lambda d: d["predicates"].reverse(), "bands must go from the highest"),
    ],
)
def test_broken_file_is_refused_with_a_clear_error_and_nothing_changes(
    db: Any, tmp_path: Path, breakage: Any, message: str
) -> None:
    data = spbe_data()
    breakage(data)
    good = write(tmp_path, "a-good.yaml", {**spbe_data(), "code": "spbe-copy"})
    bad = write(tmp_path, "b-bad.yaml", data)
    with pytest.raises(FrameworkLoadError) as err:
        load_framework_files([good, bad])
    assert str(bad) in err.value.errors
    assert any(message in line for line in err.value.errors[str(bad)]), err.value.errors
    assert not Framework.objects.exists()


def test_file_that_is_not_yaml(db: Any, tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("code: [unclosed", encoding="utf-8")
    with pytest.raises(FrameworkSpecError, match="not valid YAML"):
        read_file(path)


def test_same_edition_twice_in_one_run_is_refused(db: Any, tmp_path: Path) -> None:
    with pytest.raises(FrameworkLoadError, match="also defined in"):
        load_framework_files([write(tmp_path, "a.yaml", spbe_data()), write(tmp_path, "b.yaml", spbe_data())])
    assert not Framework.objects.exists()


def test_official_wording_replaces_text_in_place(frameworks: dict[str, Any], tmp_path: Path) -> None:
    before = Indicator.objects.get(framework=frameworks["spbe-2020"], number=1)
    data = spbe_data()
    data["wording"] = "official"
    indicator(data, 1)["question"] = "Teks pertanyaan resmi."
    indicator(data, 1)["criteria"][1] = "Kriteria tingkat 1 resmi."
    [outcome] = load_framework_files([write(tmp_path, "official.yaml", data)])
    assert outcome.status == "updated"
    after = Indicator.objects.get(pk=before.pk)
    assert after.question == "Teks pertanyaan resmi."
    assert after.criteria.get(level=1).text == "Kriteria tingkat 1 resmi."
    assert get_framework("spbe-2020").wording == "official"


def test_changing_weights_of_a_loaded_edition_needs_a_new_edition(
    frameworks: dict[str, Any], tmp_path: Path
) -> None:
    data = spbe_data()
    indicator(data, 1)["weight"] = "1.20"
    indicator(data, 2)["weight"] = "1.40"
    path = write(tmp_path, "changed.yaml", data)
    with pytest.raises(FrameworkLoadError, match="publish the change as a new edition"):
        load_framework_files([path])
    assert Indicator.objects.get(framework__code="spbe-2020", number=1).weight == "1.30"

    data["edition"] = "2025"
    data["valid_from"] = "2025-01-01"
    load_framework_files([write(tmp_path, "new-edition.yaml", data)])
    assert Framework.objects.filter(code="spbe-2020").count() == 2
    assert get_framework("spbe-2020").edition == "2025"  # the newest edition is current
    assert get_framework("spbe-2020", "2020").indicators.get(number=1).weight == "1.30"

    load_framework_files([path], force=True)
    assert get_framework("spbe-2020", "2020").indicators.get(number=1).weight == "1.20"


def test_command_reports_problems(db: Any, tmp_path: Path) -> None:
    data = spbe_data()
    indicator(data, 3)["weight"] = "1.40"
    with pytest.raises(CommandError, match="Nothing was loaded") as err:
        call_command("load_frameworks", str(write(tmp_path, "bad.yaml", data)))
    assert "aspect 1: the indicator weights sum to 13.1, not 13" in str(err.value)
    with pytest.raises(CommandError, match="file not found"):
        call_command("load_frameworks", str(tmp_path / "missing.yaml"))


def test_command_loads_and_is_idempotent(db: Any, capsys: Any) -> None:
    call_command("load_frameworks")
    call_command("load_frameworks")
    out = capsys.readouterr().out
    assert out.count("created") == 3
    assert out.count("unchanged") == 3
