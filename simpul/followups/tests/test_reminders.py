"""Deadline reminders: the right people, the right day, never twice."""

from __future__ import annotations

import datetime
from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command

from simpul.followups import services
from simpul.followups.models import Reminder
from simpul.followups.reminders import send_reminders
from simpul.followups.tasks import send_followup_reminders_task

from .conftest import in_days


@pytest.fixture
def items(people: dict[str, Any], orgs: dict[str, Any]) -> dict[str, Any]:
    mk = services.followup_create
    gub = people["gubernur"]
    return {
        "soon": mk(
            actor=gub,
            title="Segera",
            owner_organization=orgs["kominfo"],
            owner_person=people["staf"],
            due_date=in_days(2),
        ),
        "later": mk(actor=gub, title="Nanti", owner_organization=orgs["kominfo"], due_date=in_days(10)),
        "late": mk(actor=gub, title="Telat", owner_organization=orgs["dinkes"], due_date=in_days(-1)),
        "done": mk(actor=gub, title="Beres", owner_organization=orgs["dinkes"], due_date=in_days(-5)),
    }


def _sent() -> list[tuple[str, tuple[str, ...]]]:
    return sorted((str(m.subject), tuple(m.to)) for m in mail.outbox)


def test_reminders_once(
    people: dict[str, Any], items: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    services.followup_complete(actor=people["dinkes"], followup=items["done"], expected_version=1, note="ok")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_reminders(days_before=3) == {"due_soon": 1, "overdue": 1}
    assert _sent() == [
        ("[Simpul] Lewat batas waktu: Telat", ("dinkes@example.test",)),  # no owner person: the organization
        ("[Simpul] Pengingat batas waktu: Segera", ("staf@example.test",)),  # the owner person only
    ]
    assert "melewati batas waktu" in next(m.body for m in mail.outbox if "Telat" in m.subject)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_reminders(days_before=3) == {"due_soon": 0, "overdue": 0}
        assert send_reminders(days_before=3, today=in_days(1)) == {
            "due_soon": 0,
            "overdue": 0,
        }
    assert mail.outbox == []
    assert Reminder.objects.count() == 2


def test_the_day_after_the_deadline_brings_the_overdue_reminder(
    items: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    send_reminders(days_before=3)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        sent = send_reminders(days_before=3, today=items["soon"].due_date + datetime.timedelta(days=1))
    assert sent == {"due_soon": 0, "overdue": 1}  # "Telat" was already reminded; "Segera" is new
    assert [m.subject for m in mail.outbox] == ["[Simpul] Lewat batas waktu: Segera"]


def test_a_new_due_date_gets_a_new_reminder(items: dict[str, Any]) -> None:
    send_reminders(days_before=3)
    soon = items["soon"]
    soon.due_date = in_days(1)
    soon.save()
    assert send_reminders(days_before=3)["due_soon"] == 1


def test_command_and_task(items: dict[str, Any]) -> None:
    out = StringIO()
    call_command("send_followup_reminders", "--days", "3", stdout=out)
    assert out.getvalue().strip() == "due_soon=1 overdue=2"  # "Beres" is not done in this test
    out = StringIO()
    call_command("send_followup_reminders", "--days", "30", stdout=out)
    assert out.getvalue().strip() == "due_soon=1 overdue=0"  # "Nanti" now falls in the window
    result = send_followup_reminders_task.enqueue(days_before=30)
    assert result.return_value == {"due_soon": 0, "overdue": 0}
