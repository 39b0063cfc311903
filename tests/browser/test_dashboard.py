"""The leader's dashboard in Chromium: the pimpinan of the demo sees Lampung's 15 kab/kota on the tile map
for several indicators, the SPBE results, completeness and follow-ups; on a desk, a phone and a big screen.
Screenshots go to var/screenshots/, or to docs/img/ (shown in the README) with SIMPUL_SCREENSHOTS=docs, so an
ordinary test run leaves the working tree clean."""

from __future__ import annotations

import datetime
import os
from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings
from django.utils import timezone

from simpul.core.demo import DEMO_PASSWORD, load_demo

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
IMG = ROOT / ("docs/img" if os.environ.get("SIMPUL_SCREENSHOTS") == "docs" else "var/screenshots")


@pytest.fixture
def demo(live_regions: None) -> None:
    from simpul.accounts.models import User
    from simpul.followups import services
    from simpul.organizations.models import Organization

    IMG.mkdir(parents=True, exist_ok=True)
    load_demo()  # with the demo Satu Data values, SPBE evaluations, workflow and targets
    governor = User.objects.get(username="pimpinan")
    late = timezone.localdate() - datetime.timedelta(days=3)
    for slug, title in [
        ("dinkes-lampung", "Lengkapi data stunting 2024"),
        ("bps-lampung", "Rilis IPM kab/kota"),
    ]:
        org = Organization.objects.get(slug=slug)
        services.followup_create(actor=governor, title=title, owner_organization=org, due_date=late)


def _login(page: Any, username: str = "pimpinan") -> None:
    page.goto("/akun/masuk/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("form.form button[type=submit]")
    page.wait_for_selector("button[data-nav=logout]", state="attached")


def _ready(page: Any) -> int:
    page.wait_for_selector("#dash[data-ready=true]", timeout=10_000)
    return int(page.get_attribute("#dash", "data-ready-ms"))


def _tiles(page: Any, selector: str = "#dash-map") -> list[dict[str, Any]]:
    return page.eval_on_selector_all(
        f"{selector} .dash-tile",
        "els => els.map(e => ({code: e.dataset.code, value: e.querySelector('.dash-tile-value').textContent,"
        " empty: e.classList.contains('is-empty')}))",
    )


@override_settings(DEBUG=True, SIMPUL_DEMO_ENABLED=True)
def test_pimpinan_sees_map_ranking_trend_spbe_completeness_followups(page: Any, demo: None) -> None:
    _login(page)
    page.click("a[data-nav=pantau-home]")
    took = _ready(page)
    print(f"desktop dashboard: all charts drawn {took} ms after navigation start")
    tiles = _tiles(page)
    assert len(tiles) == 15
    assert not any(t["empty"] for t in tiles)
    assert page.get_attribute("#dash-ranking", "data-drawn") == "true"
    assert page.get_attribute("#dash-trend", "data-drawn") == "true"
    page.select_option("#dash-indicator", "IPM")
    page.wait_for_function(
        "document.querySelector('[data-bind=map-title]').textContent.includes('Pembangunan')"
    )
    assert len([t for t in _tiles(page) if not t["empty"]]) == 15
    assert page.locator("[data-bind=target-rpjmd]").inner_text() != "–"
    # SPBE: the province and three kab/kota have finished evaluations in the demo
    spbe_rows = page.locator("#dash-spbe-table tbody tr")
    assert spbe_rows.count() >= 4
    assert "Pemerintah Provinsi Lampung" in page.locator("#dash-spbe-table").inner_text()
    assert len([t for t in _tiles(page, "#dash-spbe-map") if not t["empty"]]) >= 3
    # follow-ups per OPD, both overdue
    followups = page.locator("#dash-followups-table").inner_text()
    assert "Dinas Kesehatan" in followups
    assert "BPS Provinsi Lampung" in followups
    assert page.locator("[data-bind=fu-overdue]").inner_text() == "2"
    # completeness: a table of producers, or its clear empty state
    rows = page.locator("#dash-completeness-table tbody tr").count()
    assert rows > 0 or page.locator("[data-empty=completeness]").is_visible()
    page.screenshot(path=str(IMG / "dashboard-desktop.png"), full_page=True)

    # another indicator and another period redraw the map
    before = _tiles(page)
    page.select_option("#dash-indicator", "KMSK")
    page.wait_for_function("document.querySelector('[data-bind=map-title]').textContent.includes('miskin')")
    after = _tiles(page)
    assert len(after) == 15
    assert [t["value"] for t in after] != [t["value"] for t in before]
    page.select_option("#dash-period", "2019")
    page.wait_for_function("document.querySelector('[data-bind=map-title]').textContent.includes('2019')")
    assert len([t for t in _tiles(page) if not t["empty"]]) == 15

    # drill down: a tile opens the kab/kota page, and from there an OPD page
    page.click("#dash-map .dash-tile[data-code='18.71']")
    page.wait_for_selector("h1:has-text('Kota Bandar Lampung')")
    assert page.locator("#region-indicators tbody tr").count() >= 4
    page.click("a:has-text('Dinas Kominfo Kota Bandar Lampung')")
    page.wait_for_selector("h1:has-text('Dinas Kominfo Kota Bandar Lampung')")


@override_settings(DEBUG=True, SIMPUL_DEMO_ENABLED=True)
def test_phone_layout(phone_page: Any, demo: None) -> None:
    _login(phone_page)
    phone_page.goto("/pantau/")
    _ready(phone_page)
    assert len(_tiles(phone_page)) == 15
    # one column, nothing wider than the screen
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"page is {width}px wide on a 360px phone"
    boxes = phone_page.eval_on_selector_all(
        "[data-panel]", "els => els.map(e => e.getBoundingClientRect().left)"
    )
    assert len(set(round(x) for x in boxes)) == 1
    phone_page.screenshot(path=str(IMG / "dashboard-phone.png"), full_page=True)


@override_settings(DEBUG=True, SIMPUL_DEMO_ENABLED=True)
def test_big_screen_rotates_panels(browser: Any, live_server: Any, live_regions: None, demo: None) -> None:
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, base_url=live_server.url)
    page = context.new_page()
    try:
        _login(page)
        page.goto("/pantau/layar-besar/?putar=3")
        took = _ready(page)
        print(f"big screen: all charts drawn {took} ms after navigation start")
        assert page.locator("#dash-map").is_visible()
        assert not page.locator("#dash-spbe-table").is_visible()
        # readable across a room: tile values and headings are large
        size = page.eval_on_selector(
            "#dash-map .dash-tile-value", "e => parseFloat(getComputedStyle(e).fontSize)"
        )
        assert size >= 24
        page.screenshot(path=str(IMG / "dashboard-big-screen.png"))
        page.wait_for_selector("#dash[data-page='1']", timeout=8_000)
        assert page.locator("#dash-spbe-table").is_visible()
        assert not page.locator("#dash-map").is_visible()
        page.screenshot(path=str(IMG / "dashboard-big-screen-2.png"))
        # back to the map, with the next indicator
        first = page.locator("[data-bind=map-title]").first.inner_text()
        page.wait_for_selector("#dash[data-page='0']", timeout=8_000)
        page.wait_for_function(
            "t => document.querySelector('[data-bind=map-title]').textContent !== t", arg=first, timeout=8_000
        )
    finally:
        context.close()
