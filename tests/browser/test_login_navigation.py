"""Each demo role signs in through the real login form in Chromium and sees its own navigation."""

from typing import Any

import pytest
from django.test import override_settings

from simpul.core.demo import DEMO_PASSWORD, DEMO_USERS, load_demo

pytestmark = pytest.mark.browser


PUBLIC = {"satudata-home", "evaluasi-home", "evaluasi-simulator"}
SIGNED_IN = PUBLIC | {"pantau-followups", "notifications", "profile"}
SPBE = SIGNED_IN | {"evaluasi-work"}
EXPECTED = {
    "admin": SIGNED_IN
    | {
        "satudata-work",
        "satudata-plans",
        "satudata-standards",
        "satudata-check",
        "evaluasi-work",
        "pantau-home",
        "admin",
    },
    "walidata": SIGNED_IN
    | {"satudata-work", "satudata-plans", "satudata-standards", "satudata-check", "pantau-home"},
    "walidata-pendukung": SIGNED_IN
    | {"satudata-work", "satudata-plans", "satudata-standards", "satudata-check"},
    "produsen": SIGNED_IN | {"satudata-work", "satudata-plans", "satudata-standards"},
    "produsen-lamsel": SIGNED_IN | {"satudata-work", "satudata-plans", "satudata-standards"},
    "pembina": SIGNED_IN | {"satudata-work", "satudata-plans", "satudata-standards", "satudata-check"},
    "koordinator": SPBE | {"pantau-home"},
    "penanggung-jawab": SPBE,
    "operator": SPBE,
    "asesor-internal": SPBE,
    "asesor-eksternal": SPBE,
    "tim-reviu": SPBE,
    "pimpinan": SPBE | {"pantau-home"},
}


@pytest.fixture
def demo(live_regions: None) -> None:
    load_demo()


def _login(page: Any, username: str) -> None:
    page.goto("/akun/masuk/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("form.form button[type=submit]")
    page.wait_for_selector("button[data-nav=logout]")


@override_settings(DEBUG=True, SIMPUL_DEMO_ENABLED=True)
def test_every_demo_role_logs_in_and_sees_its_navigation(page: Any, demo: None) -> None:
    assert set(EXPECTED) == {spec.username for spec in DEMO_USERS}
    page.goto("/")
    assert set(
        page.eval_on_selector_all("#main-nav a[data-nav]", "els => els.map(e => e.dataset.nav)")
    ) == PUBLIC | {"login"}
    for spec in DEMO_USERS:
        _login(page, spec.username)
        shown = set(page.eval_on_selector_all("#main-nav a[data-nav]", "els => els.map(e => e.dataset.nav)"))
        assert shown == EXPECTED[spec.username], spec.username
        page.click("button[data-nav=logout]")
        page.wait_for_selector("a[data-nav=login]")


@override_settings(DEBUG=True, SIMPUL_DEMO_ENABLED=True)
def test_phone_menu_opens_and_shows_the_pillars(phone_page: Any, demo: None) -> None:
    phone_page.goto("/")
    assert not phone_page.is_visible("#main-nav")
    phone_page.click(".menu-toggle")
    assert phone_page.is_visible("a[data-nav=satudata-home]")
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"page scrolls sideways on a phone ({width}px)"


def test_language_switcher_changes_the_interface_without_csp_errors(page: Any) -> None:
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto("/")
    assert page.is_visible("text=Katalog data")
    page.select_option("#lang-select", "en")
    page.wait_for_selector("text=Data catalogue")
    assert not errors, errors
