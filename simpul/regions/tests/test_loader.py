"""The packaged regions load completely, as strings, and loading again changes nothing."""

import pytest
from django.core.management import call_command

from simpul.regions.loaders import load_regions
from simpul.regions.models import Kind, Level, Region

pytestmark = pytest.mark.django_db


def test_every_level_is_complete() -> None:
    # conftest loaded the full set into this test database
    counts = {level: Region.objects.filter(level=level).count() for level in Level.values}
    assert counts == {1: 38, 2: 514, 3: 7285, 4: 83762}
    assert Region.objects.filter(level=Level.KABKOTA, kind=Kind.KOTA).count() == 98
    assert Region.objects.filter(level=Level.KABKOTA, kind=Kind.KABUPATEN).count() == 416


def test_codes_stay_strings_and_parents_nest() -> None:
    pringsewu = Region.objects.get(code="18.10")  # never 18.1
    assert pringsewu.name == "Kabupaten Pringsewu"
    assert pringsewu.parent_id == "18"
    assert not Region.objects.filter(code="18.1").exists()
    desa = Region.objects.get(code="11.01.01.2001")
    assert (desa.name, desa.kind, desa.parent_id) == ("Keude Bakongan", Kind.DESA, "11.01.01")
    assert Region.objects.get(code="18.71").kind == Kind.KOTA
    # every non-province row hangs under a parent whose code is its own prefix
    assert Region.objects.filter(level=1, parent__isnull=False).count() == 0
    bad = [
        code
        for code, parent in Region.objects.filter(level__gt=1).values_list("code", "parent_id")
        if parent is None or code.rsplit(".", 1)[0] != parent
    ]
    assert bad == []


def test_kelurahan_and_desa_follow_the_kemendagri_code() -> None:
    assert Region.objects.filter(level=4, kind=Kind.KELURAHAN).count() == 8496
    assert Region.objects.filter(level=4, kind=Kind.DESA).count() == 83762 - 8496


def test_second_run_changes_nothing() -> None:
    before = list(
        Region.objects.order_by("code").values_list("code", "bps_code", "name", "kind", "parent_id")[:2000]
    )
    counts = load_regions()
    assert counts == {
        "provinsi": 38,
        "kabkota": 514,
        "kecamatan": 7285,
        "desa": 83762,
        "created": 0,
        "updated": 0,
    }
    after = list(
        Region.objects.order_by("code").values_list("code", "bps_code", "name", "kind", "parent_id")[:2000]
    )
    assert before == after


def test_reload_repairs_missing_and_edited_rows() -> None:
    Region.objects.filter(code="18.01.04.2001").delete()
    Region.objects.filter(code="18.04").update(name="Lampung Barat (salah)", bps_code=None)
    counts = load_regions(provinces=["18"])
    assert (counts["created"], counts["updated"]) == (1, 1)
    lambar = Region.objects.get(code="18.04")
    assert (lambar.name, lambar.bps_code) == ("Kabupaten Lampung Barat", "1801")
    assert Region.objects.filter(code="18.01.04.2001").exists()


def test_lampung_alone_can_be_restored_cheaply() -> None:
    Region.objects.filter(code__startswith="18").delete()
    counts = load_regions(provinces=["18"], levels=(1, 2, 3))
    assert counts["provinsi"] == 1
    assert counts["kabkota"] == 15
    assert counts["created"] == 1 + 15 + counts["kecamatan"]
    assert Region.objects.filter(code__startswith="18.", level=3).count() == counts["kecamatan"] == 229
    assert not Region.objects.filter(code__startswith="18.", level=4).exists()
    assert Region.objects.get(code="18.01").bps_code == "1803"


def test_bad_arguments_are_refused() -> None:
    with pytest.raises(ValueError, match="levels"):
        load_regions(levels=(5,))
    with pytest.raises(ValueError, match="province"):
        load_regions(provinces=["18.01"])
    Region.objects.filter(code__startswith="18").delete()
    with pytest.raises(ValueError, match="parents"):
        load_regions(provinces=["18"], levels=(3,))
    assert not Region.objects.filter(code__startswith="18").exists()


def test_management_command(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("load_regions", "--province", "18", "--levels", "1,2")
    out = capsys.readouterr().out
    assert "provinsi=1, kabkota=15, created=0, updated=0" in out
