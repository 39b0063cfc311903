from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from simpul.core.navigation import navigation_for
from simpul.organizations.choices import Role

pytestmark = pytest.mark.django_db


def _keys(user: Any) -> set[str]:
    return {item["key"] for section in navigation_for(user) for item in section["items"]}


def test_public_sees_catalog_and_index_only() -> None:
    from django.contrib.auth.models import AnonymousUser

    assert _keys(AnonymousUser()) == {"satudata-home", "evaluasi-home", "evaluasi-simulator"}


@pytest.mark.parametrize(
    ("role", "expected_extra"),
    [
        (Role.PRODUSEN, {"satudata-work", "satudata-plans", "satudata-standards"}),
        (
            Role.WALIDATA,
            {"satudata-work", "satudata-plans", "satudata-standards", "satudata-check", "pantau-home"},
        ),
        (Role.PEMBINA, {"satudata-work", "satudata-plans", "satudata-standards", "satudata-check"}),
        (Role.OPERATOR, {"evaluasi-work"}),
        (Role.PIMPINAN, {"evaluasi-work", "pantau-home"}),
        (Role.ASESOR_EKSTERNAL, {"evaluasi-work"}),
    ],
)
def test_each_role_sees_its_pillars(
    make_user: Any, orgs: dict[str, Any], role: str, expected_extra: set[str]
) -> None:
    user = make_user("u", (orgs["kominfo"], role))
    base = {"satudata-home", "evaluasi-home", "evaluasi-simulator", "pantau-followups"}
    assert _keys(user) == base | expected_extra


def test_header_renders_navigation_and_language_switch(make_user: Any, orgs: dict[str, Any]) -> None:
    client = Client()
    client.force_login(make_user("u", (orgs["kominfo"], Role.WALIDATA)))
    html = client.get(reverse("home")).content.decode()
    assert 'data-nav="satudata-check"' in html
    assert 'data-nav="evaluasi-work"' not in html
    assert 'name="language"' in html


def test_indonesian_is_default_and_english_switchable() -> None:
    client = Client()
    assert "Katalog data" in client.get(reverse("home")).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "Data catalogue" in client.get(reverse("home")).content.decode()


def test_an_english_browser_still_gets_indonesian_until_switched() -> None:
    client = Client(headers={"Accept-Language": "en-US,en;q=0.9"})
    assert "Katalog data" in client.get(reverse("home")).content.decode()
