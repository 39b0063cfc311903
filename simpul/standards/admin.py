from django.contrib import admin

from .models import Classification, ClassificationItem, Indicator, StatisticalActivity


class ClassificationItemInline(admin.TabularInline):
    model = ClassificationItem
    extra = 0
    raw_id_fields = ["parent"]


@admin.register(Classification)
class ClassificationAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "source"]
    search_fields = ["code", "name"]
    inlines = [ClassificationItemInline]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "name_id", "unit", "periodicity", "value_type", "pembina"]
    list_filter = ["periodicity", "value_type", "is_percentage"]
    search_fields = ["code", "name_id", "name_en"]
    raw_id_fields = ["pembina", "activity"]
    filter_horizontal = ["classifications"]


@admin.register(StatisticalActivity)
class StatisticalActivityAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "year", "kind", "organization"]
    list_filter = ["kind", "year"]
    search_fields = ["code", "title"]
    raw_id_fields = ["organization"]
