"""The public catalogue in Chromium, anonymous, at desktop and 360-px phone widths: search with facets, the
dataset page with its chart (ECharts) and kab/kota tile map, the indicator and region pages; no console
errors (CSP violations included) and no sideways scrolling on a phone."""

from __future__ import annotations

from typing import Any

import pytest

from simpul.catalog.tests.conftest import build_catalog_data

pytestmark = pytest.mark.browser


@pytest.fixture
def data(live_regions: None, orgs: dict[str, Any]) -> dict[str, Any]:
    return build_catalog_data(orgs)


def _watch(page: Any) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return errors


def _no_sideways_scroll(page: Any) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.evaluate("window.innerWidth")
    assert width <= viewport, f"{page.url}: page is {width}px wide in a {viewport}px viewport"


def _search_to_dataset(page: Any) -> None:
    page.goto("/satu-data/")
    page.fill("#catalog-q", "penduduk")
    page.press("#catalog-q", "Enter")
    page.wait_for_selector("[data-testid=result-count]")
    assert "1 dataset" in page.inner_text("[data-testid=result-count]")
    page.click("text=Penduduk Lampung menurut kabupaten/kota")
    page.wait_for_selector("#viz-chart svg")
    page.wait_for_selector("#viz-map .tilegrid-tile")


def test_portal_desktop(page: Any, data: dict[str, Any]) -> None:
    errors = _watch(page)
    page.goto("/satu-data/katalog/cari/")
    assert page.locator(".catalog-item").count() == 2
    page.click("[data-facet=topic] >> text=Pembangunan manusia")
    page.wait_for_url("**topic=*")
    assert page.locator(".catalog-item").count() == 1
    page.select_option("#catalog-sort", "title")
    page.wait_for_url("**sort=title*")
    _search_to_dataset(page)
    tiles = page.locator("#viz-map .tilegrid-tile")
    assert tiles.count() == 15
    lamsel = page.locator("#viz-map .tilegrid-tile[data-code='18.01']")
    assert "1.064.303" in lamsel.inner_text() or "1,064,303" in lamsel.inner_text()
    assert page.locator("#viz-map .tilegrid-empty").count() == 11  # only 4 kab/kota have data
    page.select_option("#viz-period", "2021")
    assert "1.064.301" in lamsel.inner_text() or "1,064,301" in lamsel.inner_text()
    assert "curl" in page.inner_text(".api-examples")
    lamsel.click()
    page.wait_for_url("**/wilayah/18.01/")
    assert "Kabupaten Lampung Selatan dalam angka" in page.inner_text("h1")
    assert page.locator("[data-testid=facts] li").count() == 2
    page.goto("/satu-data/katalog/indikator/PDDK/")
    page.wait_for_selector("#viz-chart svg")
    assert page.locator("[data-testid=indicator-table] tbody tr").count() == 5
    assert errors == []


def test_portal_phone(phone_page: Any, data: dict[str, Any]) -> None:
    page = phone_page
    errors = _watch(page)
    page.goto("/satu-data/")
    _no_sideways_scroll(page)
    _search_to_dataset(page)
    _no_sideways_scroll(page)
    box = page.locator("#viz-map").bounding_box()
    assert box is not None
    assert box["width"] <= 360
    for url in ("/satu-data/katalog/cari/?q=pembangunan", "/satu-data/katalog/indikator/PDDK/",
                "/satu-data/katalog/wilayah/18/", "/satu-data/katalog/organisasi/bps-lampung/"):  # fmt: skip
        page.goto(url)
        _no_sideways_scroll(page)
    assert errors == []
