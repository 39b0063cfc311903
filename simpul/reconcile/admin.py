"""Admin: Daftar Data items and indicator rules are editable; submissions and conflicts are read-only
(they change only through the services, which check versions and write the audit log)."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import ConflictCase, DataPlan, IndicatorRule, PlanItem, Submission


class PlanItemInline(admin.TabularInline):
    model = PlanItem
    extra = 0
    raw_id_fields = ["dataset", "indicator", "region"]


@admin.register(DataPlan)
class DataPlanAdmin(admin.ModelAdmin):
    list_display = ["organization", "year", "status", "agreed_at"]
    list_filter = ["year", "status"]
    raw_id_fields = ["organization", "agreed_by"]
    inlines = [PlanItemInline]


@admin.register(IndicatorRule)
class IndicatorRuleAdmin(admin.ModelAdmin):
    list_display = ["indicator", "designated_source", "tolerance"]
    raw_id_fields = ["indicator", "designated_source"]


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Submission)
class SubmissionAdmin(ReadOnly):
    list_display = ["pk", "item", "producer", "status", "submitted_at", "published_at"]
    list_filter = ["status"]


@admin.register(ConflictCase)
class ConflictCaseAdmin(ReadOnly):
    list_display = ["indicator", "region", "period", "disagg", "status", "chosen_producer", "rule"]
    list_filter = ["status", "rule"]
