"""Read-only admin views: every change goes through the services (permissions, versions, audit)."""

from typing import Any

from django.contrib import admin

from .models import Disposition, FollowUp, Reminder


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(FollowUp)
class FollowUpAdmin(ReadOnly):
    list_display = ["title", "owner_organization", "due_date", "priority", "status", "version"]
    list_filter = ["status", "priority", "source_kind"]
    search_fields = ["title", "srikandi_number"]


@admin.register(Disposition)
class DispositionAdmin(ReadOnly):
    list_display = ["followup", "from_user", "to_organization", "to_user", "instruction", "status", "version"]
    list_filter = ["status", "instruction"]


@admin.register(Reminder)
class ReminderAdmin(ReadOnly):
    list_display = ["followup", "kind", "due_date", "recipients", "sent_at"]
