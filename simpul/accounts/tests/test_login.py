from typing import Any

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from simpul.organizations.choices import Role

pytestmark = pytest.mark.django_db


def test_login_and_logout(client: Any, make_user: Any, orgs: dict[str, Any]) -> None:
    make_user("rina", (orgs["kominfo"], Role.WALIDATA))
    response = client.post(reverse("accounts:login"), {"username": "rina", "password": "rahasia-uji-123"})
    assert response.status_code == 302
    assert client.get(reverse("accounts:profile")).status_code == 200
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_wrong_password_gives_a_message(client: Any, make_user: Any) -> None:
    make_user("rina")
    response = client.post(reverse("accounts:login"), {"username": "rina", "password": "salah"})
    assert response.status_code == 200
    assert response.context["form"].errors


@override_settings(DEBUG=False, SIMPUL_DEMO_ENABLED=True)
def test_demo_users_are_refused_when_debug_is_off(client: Any, make_user: Any) -> None:
    make_user("demo-user", is_demo=True)
    assert not client.login(username="demo-user", password="rahasia-uji-123")


@override_settings(DEBUG=True, SIMPUL_DEMO_ENABLED=True)
def test_demo_users_may_log_in_in_demo_mode(client: Any, make_user: Any) -> None:
    make_user("demo-user", is_demo=True)
    assert client.login(username="demo-user", password="rahasia-uji-123")


def test_password_change(client: Any, make_user: Any) -> None:
    user = make_user("rina")
    client.force_login(user)
    response = client.post(
        reverse("accounts:password-change"),
        {
            "old_password": "rahasia-uji-123",
            "new_password1": "Kopi-Lampung-2026",
            "new_password2": "Kopi-Lampung-2026",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Kopi-Lampung-2026")


def test_password_reset_sends_a_working_link(client: Any, make_user: Any) -> None:
    user = make_user("rina", email="rina@lampungprov.go.id")
    client.post(reverse("accounts:password-reset"), {"email": "rina@lampungprov.go.id"})
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/akun/sandi/atur/" in line)
    path = link.split("testserver", 1)[1]
    form_page = client.get(path, follow=True)
    assert form_page.context["validlink"]
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Durian-Metro-2026", "new_password2": "Durian-Metro-2026"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Durian-Metro-2026")
