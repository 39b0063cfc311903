"""In-app notifications: the header counts the unread ones, opening one marks it read and goes to its
page, "mark all read" clears the counter; nobody opens another person's notification."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from simpul.reconcile.models import Notification

pytestmark = pytest.mark.django_db


def _counter(client: Client) -> str | None:
    page = client.get(reverse("reconcile:plans")).content.decode()
    marker = 'data-testid="unread-count"'
    if marker not in page:
        return None
    return page.split(marker, 1)[1].split(">", 1)[1].split("<", 1)[0]


def test_submission_notifies_walidata_and_the_counter_follows(flow: dict[str, Any], deliver: Any) -> None:
    sub = deliver("dinkes", 9_000_000)
    client = Client()
    client.force_login(flow["walidata"])
    assert _counter(client) == "1"
    note = Notification.objects.get(user=flow["walidata"])
    response = client.get(reverse("reconcile:notification", args=[note.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("reconcile:submission", args=[sub.pk])
    assert _counter(client) is None


def test_mark_all_read_only_touches_own_notifications(flow: dict[str, Any], deliver: Any) -> None:
    deliver("dinkes", 9_000_000)
    deliver("bps", 9_000_000)  # the same number: no conflict, so one notice per submission
    client = Client()
    client.force_login(flow["walidata"])
    assert _counter(client) == "2"
    client.post(reverse("reconcile:notifications"))
    assert _counter(client) is None
    assert Notification.objects.filter(user=flow["walidata2"], read_at__isnull=True).count() == 2


def test_another_persons_notification_is_not_found(flow: dict[str, Any], deliver: Any) -> None:
    deliver("dinkes", 9_000_000)
    note = Notification.objects.get(user=flow["walidata"])
    client = Client()
    client.force_login(flow["dinkes_user"])
    assert client.get(reverse("reconcile:notification", args=[note.pk])).status_code == 404
    note.refresh_from_db()
    assert note.read_at is None


def test_a_foreign_link_is_never_followed(flow: dict[str, Any]) -> None:
    note = Notification.objects.create(user=flow["walidata"], subject="x", link="https://evil.example/")
    client = Client()
    client.force_login(flow["walidata"])
    response = client.get(reverse("reconcile:notification", args=[note.pk]))
    assert response["Location"] == reverse("reconcile:notifications")
