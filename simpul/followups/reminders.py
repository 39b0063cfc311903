"""Deadline reminders: once before the due date and once after it has passed, never twice.

The `Reminder` row (unique per follow-up, kind and due date) is written in the same transaction that
decides to send, so a second run (or two workers at once) finds it and skips. Moving the due date
allows a fresh pair of reminders for the new date.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import FollowUp, FollowUpStatus, Reminder, ReminderKind
from .services import followup_link, notify

DEFAULT_DAYS_BEFORE = 3


def days_before_default() -> int:
    return int(getattr(settings, "SIMPUL_FOLLOWUP_REMIND_DAYS", DEFAULT_DAYS_BEFORE))


def owners(followup: FollowUp) -> list[Any]:
    """The owner person; without one, every member of the owner organization."""
    if followup.owner_person is not None:
        return [followup.owner_person]
    User = get_user_model()
    return list(User.objects.filter(memberships__organization=followup.owner_organization_id).distinct())


def _message(followup: FollowUp, kind: str, today: datetime.date) -> tuple[str, str]:
    link = followup_link(followup)
    due = followup.due_date.isoformat()
    if kind == ReminderKind.OVERDUE:
        days = (today - followup.due_date).days
        return (
            _("Lewat batas waktu: %(title)s") % {"title": followup.title},
            _(
                'Tindak lanjut "%(title)s" melewati batas waktu %(due)s (%(days)s hari). '
                "Mohon segera diselesaikan.\n%(link)s"
            )
            % {"title": followup.title, "due": due, "days": days, "link": link},
        )
    days = (followup.due_date - today).days
    return (
        _("Pengingat batas waktu: %(title)s") % {"title": followup.title},
        _('Tindak lanjut "%(title)s" jatuh tempo %(due)s (%(days)s hari lagi).\n%(link)s')
        % {"title": followup.title, "due": due, "days": days, "link": link},
    )


def send_reminders(*, today: datetime.date | None = None, days_before: int | None = None) -> dict[str, int]:
    """Send what is due today; returns how many reminders of each kind went out."""
    today = today or timezone.localdate()
    days_before = days_before_default() if days_before is None else days_before
    open_items = FollowUp.objects.exclude(status=FollowUpStatus.SELESAI).select_related("owner_person")
    batches = (
        (
            ReminderKind.DUE_SOON,
            open_items.filter(
                due_date__gte=today, due_date__lte=today + datetime.timedelta(days=days_before)
            ),
        ),
        (ReminderKind.OVERDUE, open_items.filter(due_date__lt=today)),
    )
    sent = {ReminderKind.DUE_SOON.value: 0, ReminderKind.OVERDUE.value: 0}
    for kind, qs in batches:
        for followup in qs.iterator():
            if Reminder.objects.filter(followup=followup, kind=kind, due_date=followup.due_date).exists():
                continue
            people = owners(followup)
            try:
                with transaction.atomic():
                    Reminder.objects.create(
                        followup=followup,
                        kind=kind,
                        due_date=followup.due_date,
                        recipients=sum(1 for p in people if p.email),
                    )
                    subject, body = _message(followup, kind, today)
                    notify(people, subject, body)
            except IntegrityError:  # another run got there first
                continue
            sent[kind.value] += 1
    return sent
