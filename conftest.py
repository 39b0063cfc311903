"""Shared pytest fixtures: reference regions loaded once per test database, people with roles, a browser."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from typing import Any

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM is still used synchronously there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("SIMPUL_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> None:
    """Every test database starts with the packaged reference regions (provinces down to desa)."""
    from simpul.regions.loaders import load_regions

    with django_db_blocker.unblock():
        load_regions()


@pytest.fixture
def make_user(db: Any) -> Callable[..., Any]:
    """make_user("name", (org, "walidata"), ...) -> a user holding those roles."""
    from simpul.accounts.models import User
    from simpul.organizations.models import Membership

    def make(username: str, *roles: tuple[Any, str], **fields: Any) -> Any:
        user = User.objects.create_user(username=username, password="rahasia-uji-123", **fields)
        for org, role in roles:
            Membership.objects.create(user=user, organization=org, role=role)
        return user

    return make


@pytest.fixture
def orgs(db: Any) -> dict[str, Any]:
    """A province, two of its OPDs, a kabupaten government and a BPS office in Lampung."""
    from simpul.organizations.models import Organization
    from simpul.regions.models import Region

    lampung = Region.objects.get(code="18")
    lamsel = Region.objects.get(code="18.01")
    prov = Organization.objects.create(
        slug="pemprov-lampung", name="Pemerintah Provinsi Lampung", kind="pemda", region=lampung
    )
    return {
        "prov": prov,
        "kominfo": Organization.objects.create(
            slug="diskominfo-lampung",
            name="Dinas Kominfo Provinsi Lampung",
            kind="opd",
            region=lampung,
            parent=prov,
        ),
        "dinkes": Organization.objects.create(
            slug="dinkes-lampung",
            name="Dinas Kesehatan Provinsi Lampung",
            kind="opd",
            region=lampung,
            parent=prov,
        ),
        "lamsel": Organization.objects.create(
            slug="pemkab-lampung-selatan",
            name="Pemerintah Kabupaten Lampung Selatan",
            kind="pemda",
            region=lamsel,
        ),
        "bps": Organization.objects.create(
            slug="bps-lampung", name="BPS Provinsi Lampung", kind="bps", region=lampung
        ),
    }


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's chromium driven by Playwright for Python; no browser is downloaded."""
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"chromium not found at {CHROMIUM}; .ci/run installs Debian's chromium package")
        pytest.skip(f"BROWSER TESTS SKIPPED: chromium not found at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def live_regions(transactional_db: Any) -> None:
    """Live-server tests flush the database after each test; they get Lampung's regions back cheaply."""
    from simpul.regions.loaders import load_regions
    from simpul.regions.models import Region

    if not Region.objects.filter(code="18.01").exists():
        load_regions(provinces=["18"], levels=(1, 2, 3))


@pytest.fixture
def page(browser: Any, live_server: Any, live_regions: None) -> Iterator[Any]:
    """A fresh desktop-sized page; `page.base_url` is the live server."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, base_url=live_server.url)
    pg = context.new_page()
    pg.set_default_timeout(10_000)
    yield pg
    context.close()


@pytest.fixture
def phone_page(browser: Any, live_server: Any, live_regions: None) -> Iterator[Any]:
    """A 360-px-wide phone viewport."""
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, base_url=live_server.url, is_mobile=True, has_touch=True
    )
    pg = context.new_page()
    pg.set_default_timeout(10_000)
    yield pg
    context.close()


def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    for item in items:
        if "page" in getattr(item, "fixturenames", ()) or "phone_page" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)
