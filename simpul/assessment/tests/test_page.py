"""The what-if simulator page at /evaluasi/simulasi/."""

from __future__ import annotations

import re
from typing import Any

from django.test import Client

URL = "/evaluasi/simulasi/"
# A score as shown in the browser, with a decimal point whatever the page language.
SHOWN = "document.querySelector('[data-score=\"%s\"] [data-value]').textContent.replace(',', '.')"


def index_text(html: str) -> tuple[str, str]:
    match = re.search(
        r'sim-index-value" data-value>([^<]+)</span>\s*<span class="sim-predicate" data-predicate>([^<]+)<',
        html,
    )
    assert match, "index not shown"
    return match.group(1), match.group(2)


def test_renders_for_anonymous_with_all_ones(client: Client, frameworks: dict[str, Any]) -> None:
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert index_text(html) == ("1,00", "Kurang")
    assert html.count("data-indicator=") == 47
    assert "assessment-simulator.js" in html
    assert 'data-api="/api/v1/frameworks/spbe-2020/score?edition=2020"' in html


def test_levels_and_start_profile_from_the_query(client: Client, frameworks: dict[str, Any]) -> None:
    html = client.get(URL, {"awal": "4", "i1": "5"}).content.decode()
    # index = (400 + 1.30) / 100 = 4.013
    assert index_text(html) == ("4,01", "Sangat Baik")
    assert re.search(r'<option value="5"\s+data-criterion="[^"]+"\s+selected>', html)


def test_other_framework_shows_unconfirmed_warning(client: Client, frameworks: dict[str, Any]) -> None:
    html = client.get(URL, {"kerangka": "epss", "awal": "5"}).content.decode()
    assert index_text(html) == ("5,00", "Memuaskan")
    assert "Bobot belum terkonfirmasi." in html


def test_unknown_framework_is_404(client: Client, frameworks: dict[str, Any]) -> None:
    assert client.get(URL, {"kerangka": "nope"}).status_code == 404


def test_without_frameworks_shows_how_to_load(client: Client, db: Any) -> None:
    response = client.get(URL)
    assert response.status_code == 200
    assert "load_frameworks" in response.content.decode()


def test_phone_changes_update_scores_at_once(phone_page: Any) -> None:
    from simpul.assessment.loaders import load_framework_files

    load_framework_files()
    errors: list[str] = []
    phone_page.on(
        "console", lambda msg: errors.append(f"{msg.text} {msg.location}") if msg.type == "error" else None
    )
    phone_page.goto("/evaluasi/simulasi/")
    # The browser's language picks the page language (1,00 in Indonesian, 1.00 in English); compare digits.
    index = phone_page.locator('[data-score="index"] [data-value]')
    assert index.inner_text().replace(",", ".") == "1.00"
    phone_page.select_option("#sim-start", "3")
    phone_page.wait_for_function(f"{SHOWN % 'index'} === '3.00'")
    assert phone_page.locator('[data-score="index"] [data-predicate]').inner_text() == "Baik"
    phone_page.locator("summary", has_text="Aspek 1.").first.wait_for()
    phone_page.select_option("#sim-i1", "5")
    phone_page.wait_for_function(f"{SHOWN % 'aspect-1'} === '3.20'")
    assert phone_page.locator('[data-score="index"] [data-value]').inner_text().replace(",", ".") == "3.03"
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"page scrolls sideways on a phone ({width}px)"
    assert errors == []
