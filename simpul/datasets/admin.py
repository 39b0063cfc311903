from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import Dataset, Observation, Resource


class ResourceInline(admin.TabularInline):
    model = Resource
    extra = 0
    readonly_fields = ["size", "sha256", "created_at"]


@admin.register(Dataset)
class DatasetAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "producer", "topic", "access", "modified_at"]
    list_filter = ["access", "licence", "update_schedule"]
    search_fields = ["title", "slug", "description"]
    prepopulated_fields = {"slug": ["title"]}
    raw_id_fields = ["producer", "spatial_coverage", "activity"]
    filter_horizontal = ["indicators"]
    inlines = [ResourceInline]


@admin.register(Observation)
class ObservationAdmin(admin.ModelAdmin):
    """Read-only: observations change only through uploads (simpul.ingest.services)."""

    list_display = [
        "id", "dataset", "indicator", "region_id", "period", "disagg", "value", "status",
        "valid_from", "valid_to",
    ]  # fmt: skip
    list_filter = ["status"]
    search_fields = ["region__code", "indicator__code", "period"]
    list_select_related = ["dataset", "indicator"]
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
