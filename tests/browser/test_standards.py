"""A pembina data user keeps the standard data in Chromium: opens "Standar data" from the navigation,
creates an indicator with its value rules and MS-Ind metadata, edits it, imports a CSV with one bad row
(the row's problem is shown, nothing stored), then the fixed file (both rows stored)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from simpul.datasets.tests.factories import standard_data
from simpul.standards.models import Indicator

pytestmark = pytest.mark.browser

BAD = b"kode,nama,satuan,periode,nilai_min,nilai_maks\nTPT,Pengangguran terbuka,persen,tahunan,0,100\n" \
      b"RLS,Rata-rata lama sekolah,tahun,mingguan,0,25\n"  # fmt: skip
GOOD = BAD.replace(b"mingguan", b"tahunan")


def test_pembina_creates_edits_and_imports_indicators(
    page: Any, make_user: Callable[..., Any], orgs: dict[str, Any]
) -> None:
    standard_data()
    make_user("dewi", (orgs["bps"], "pembina"))
    page.goto("/akun/masuk/")
    page.fill("input[name=username]", "dewi")
    page.fill("input[name=password]", "rahasia-uji-123")
    page.click("form.form button[type=submit]")
    page.click("a[data-nav=satudata-standards]")
    page.wait_for_selector("[data-testid=std-list]")
    assert page.locator("[data-testid=std-list] tbody tr").count() == 4

    page.click("[data-testid=std-new]")
    page.fill("input[name=code]", "AKB")
    page.fill("input[name=name_id]", "Angka kematian bayi")
    page.fill("input[name=unit]", "per 1.000 kelahiran hidup")
    page.fill("input[name=min_value]", "0")
    page.fill("input[name=max_value]", "1000")
    page.select_option("select[name=pembina]", str(orgs["bps"].pk))
    page.check(f"input[name=classifications][value='{orgs_classification('jk')}']")
    page.fill("textarea[name=meta_rumus]", "kematian bayi / kelahiran hidup x 1000")
    page.click("[data-testid=std-form] button[type=submit]")
    page.wait_for_selector("h1:has-text('Angka kematian bayi')")
    assert "maksimum 1000" in page.locator("[data-testid=std-rules]").inner_text()
    assert page.locator("text=kematian bayi / kelahiran hidup x 1000").is_visible()

    page.click("[data-testid=std-edit]")
    page.fill("input[name=max_value]", "500")
    page.click("[data-testid=std-form] button[type=submit]")
    page.wait_for_selector("[data-testid=std-rules]:has-text('maksimum 500')")
    assert Indicator.objects.get(code="AKB").max_value == 500

    page.goto("/satu-data/standar/indikator/")
    form = page.locator("[data-testid=std-import]")
    form.locator("input[name=file]").set_input_files(
        files=[{"name": "standar.csv", "mimeType": "text/csv", "buffer": BAD}]
    )
    form.locator("button[type=submit]").click()
    problems = page.locator("[data-testid=std-problems]")
    problems.wait_for()
    assert "mingguan" in problems.inner_text()
    assert "3" in problems.locator("td").first.inner_text()
    assert not Indicator.objects.filter(code__in=["TPT", "RLS"]).exists()

    page.set_input_files(
        "input[name=file]", files=[{"name": "standar.csv", "mimeType": "text/csv", "buffer": GOOD}]
    )
    page.click("form.form button[type=submit]")
    page.wait_for_selector("[data-testid=std-list]")
    assert "2 baru" in page.locator(".messages").inner_text()
    assert set(Indicator.objects.filter(code__in=["TPT", "RLS"]).values_list("code", flat=True)) == {
        "TPT",
        "RLS",
    }


def orgs_classification(code: str) -> int:
    from simpul.standards.models import Classification

    return Classification.objects.get(code=code).pk
