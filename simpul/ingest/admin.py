from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import ColumnMapping, IngestRun


@admin.register(IngestRun)
class IngestRunAdmin(admin.ModelAdmin):
    """Read-only log of uploads and their error reports."""

    list_display = ["id", "file_name", "dataset", "producer", "status", "inserted", "revised", "error_count",
                    "created_at"]  # fmt: skip
    list_filter = ["status", "file_format", "layout"]
    search_fields = ["file_name", "sha256", "dataset__slug"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ColumnMapping)
class ColumnMappingAdmin(admin.ModelAdmin):
    list_display = ["producer", "header_signature", "updated_at"]
    raw_id_fields = ["producer"]
