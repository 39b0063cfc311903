"""Background wrappers; schedule `send_followup_reminders_task` daily (or run the management command)."""

from __future__ import annotations

from django_tasks import task

from .reminders import send_reminders


@task()
def send_followup_reminders_task(days_before: int | None = None) -> dict[str, int]:
    return send_reminders(days_before=days_before)
